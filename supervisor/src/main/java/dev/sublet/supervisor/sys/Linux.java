package dev.sublet.supervisor.sys;

import com.kenai.jffi.MemoryIO;
import java.io.ByteArrayOutputStream;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.List;

/**
 * Checked wrappers of the Linux calls sublet needs. Every wrapper throws {@link SysException} on
 * failure, so callers read as straight-line code. {@link LibC} binds every function when it loads,
 * because the container stage calls them after pivot_root, when the jars it came from are no longer
 * reachable by path.
 */
public final class Linux {

    public static final int O_RDONLY = 0;
    public static final int O_WRONLY = 1;
    public static final int O_CREAT = 0100;
    public static final int O_EXCL = 0200;
    public static final int O_DIRECTORY = 0200000;
    public static final int O_NOFOLLOW = 0400000;
    public static final int O_CLOEXEC = 02000000;
    public static final int O_PATH = 010000000;
    public static final int AT_FDCWD = -100;

    public static final long MS_RDONLY = 1;
    public static final long MS_NOSUID = 2;
    public static final long MS_NODEV = 4;
    public static final long MS_NOEXEC = 8;
    public static final long MS_NOATIME = 1024;
    public static final long MS_NODIRATIME = 2048;
    public static final long MS_BIND = 4096;
    public static final long MS_REC = 16384;
    public static final long MS_PRIVATE = 1 << 18;
    public static final long MS_RELATIME = 1 << 21;
    public static final long MS_STRICTATIME = 1 << 24;
    public static final int MNT_DETACH = 2;

    public static final int ENOENT = 2;
    public static final int EACCES = 13;
    public static final int EEXIST = 17;

    private static final int F_DUPFD_CLOEXEC = 1030;
    private static final int AT_EMPTY_PATH = 0x1000;
    private static final int AT_RECURSIVE = 0x8000;
    private static final long MOUNT_ATTR_RDONLY = 1;
    private static final long MOUNT_ATTR_IDMAP = 0x00100000;
    private static final long OPEN_TREE_CLONE = 1;
    private static final long MOVE_MOUNT_F_EMPTY_PATH = 0x04;
    private static final long MOVE_MOUNT_T_EMPTY_PATH = 0x40;
    private static final int SOCK_STREAM = 1;
    private static final int MSG_CMSG_CLOEXEC = 0x40000000;
    private static final int PR_SET_PDEATHSIG = 1;
    private static final int PR_CAPBSET_READ = 23;
    private static final int PR_CAPBSET_DROP = 24;
    private static final int PR_SET_NO_NEW_PRIVS = 38;
    private static final int PR_CAP_AMBIENT = 47;
    private static final int PR_CAP_AMBIENT_CLEAR_ALL = 4;
    private static final long RESOLVE_NO_MAGICLINKS = 0x02;
    private static final long RESOLVE_IN_ROOT = 0x10;
    private static final int CLOSE_RANGE_CLOEXEC = 1 << 2;
    private static final int LINUX_CAPABILITY_VERSION_3 = 0x20080522;
    private static final int AF_UNIX = 1;
    private static final int AF_INET = 2;
    private static final int SOCK_DGRAM = 2;
    private static final int SOCK_CLOEXEC = 02000000;
    private static final long SIOCGIFFLAGS = 0x8913;
    private static final long SIOCSIFFLAGS = 0x8914;
    private static final int IFF_UP = 1;

    private Linux() {
    }

    /**
     * Binds every native function and loads every class a call can need (each kind of argument, the
     * error path with strerror), so all of them work after the jars are gone.
     */
    public static void preload() {
        LibC.getpid();
        try {
            check(LibC.close(-1), "close", "-1");
        } catch (SysException expected) {
            // the error path (errno, strerror, SysException) is now loaded
        }
        // Calls that fail harmlessly (EBADF, EINVAL, EAFNOSUPPORT, ENOENT), each passing another kind of argument.
        LibC.write(-1, new byte[1], 1);
        LibC.setrlimit(-1, new long[2]);
        LibC.socketpair(-1, 0, 0, new int[2]);
        LibC.execve("", new String[] {""}, new String[] {""});
    }

    public static int open(String path, int flags, int mode) {
        return check(LibC.open(path, flags | O_CLOEXEC, mode), "open", path);
    }

    public static int openPath(String path) {
        return open(path, O_PATH, 0);
    }

    public static int openat(int dirfd, String path, int flags, int mode) {
        return check(LibC.openat(dirfd, path, flags | O_CLOEXEC, mode), "open", path);
    }

    /**
     * Opens {@code path} as an O_PATH fd resolved with {@code root} as the root directory: "..",
     * absolute paths and symlinks can never leave it (openat2 RESOLVE_IN_ROOT).
     */
    public static int openInRoot(int root, String path) {
        ByteBuffer how = ByteBuffer.allocate(24).order(ByteOrder.nativeOrder());
        how.putLong(O_PATH | O_CLOEXEC).putLong(0).putLong(RESOLVE_IN_ROOT | RESOLVE_NO_MAGICLINKS);
        long fd = LibC.syscall(Syscall.OPENAT2.number(), root, path, how.array(), 24);
        return (int) check(fd, "openat2", path);
    }

    public static void mkdirat(int dirfd, String name, int mode) {
        check(LibC.mkdirat(dirfd, name, mode), "mkdir", name);
    }

    public static void symlinkat(String target, int dirfd, String name) {
        check(LibC.symlinkat(target, dirfd, name), "symlink", name);
    }

    public static void close(int fd) {
        LibC.close(fd);
    }

    public static int read(int fd, byte[] buffer) {
        return (int) check(LibC.read(fd, buffer, buffer.length), "read", "fd " + fd);
    }

    public static void writeFully(int fd, byte[] data) {
        int offset = 0;
        while (offset < data.length) {
            byte[] rest = offset == 0 ? data : Arrays.copyOfRange(data, offset, data.length);
            offset += (int) check(LibC.write(fd, rest, rest.length), "write", "fd " + fd);
        }
    }

    /** Everything up to EOF. */
    public static byte[] readAll(int fd) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        byte[] buffer = new byte[8192];
        for (int n; (n = read(fd, buffer)) > 0; ) {
            out.write(buffer, 0, n);
        }
        return out.toByteArray();
    }

    /** A pipe whose ends are close-on-exec and numbered at least {@code lowest}: {read, write}. */
    public static int[] pipe(int lowest) {
        int[] fds = new int[2];
        check(LibC.pipe2(fds, O_CLOEXEC), "pipe2", "");
        for (int i = 0; i < 2; i++) {
            if (fds[i] < lowest) {
                int moved = check(LibC.fcntl(fds[i], F_DUPFD_CLOEXEC, lowest), "fcntl", "F_DUPFD_CLOEXEC");
                LibC.close(fds[i]);
                fds[i] = moved;
            }
        }
        return fds;
    }

    public static void fchdir(int fd) {
        check(LibC.fchdir(fd), "fchdir", "fd " + fd);
    }

    public static void chdir(String path) {
        check(LibC.chdir(path), "chdir", path);
    }

    public static void mount(String source, String target, String fsType, long flags, String data) {
        check(LibC.mount(source, target, fsType, flags, data), "mount", (source == null ? fsType : source) + " on " + target);
    }

    public static void umount(String target, int flags) {
        check(LibC.umount2(target, flags), "umount", target);
    }

    /** pivot_root(".", "."): the old root ends up stacked on the new one, to be detached. */
    public static void pivotRootHere() {
        check(LibC.syscall(Syscall.PIVOT_ROOT.number(), ".", "."), "pivot_root", ".");
    }

    /** Makes the mount {@code fd} is the root of read-only, and with {@code recursive} every mount below it. */
    public static void makeReadOnly(int fd, boolean recursive) {
        ByteBuffer attr = ByteBuffer.allocate(32).order(ByteOrder.nativeOrder());
        attr.putLong(MOUNT_ATTR_RDONLY).putLong(0).putLong(0).putLong(0);
        check(LibC.syscall(Syscall.MOUNT_SETATTR.number(), fd, "", AT_EMPTY_PATH | (recursive ? AT_RECURSIVE : 0), attr.array(), 32),
                "mount_setattr", "fd " + fd);
    }

    /** A detached copy of the mount at {@code path} (open_tree OPEN_TREE_CLONE), not its submounts. */
    public static int cloneMount(String path) {
        return (int) check(LibC.syscall(Syscall.OPEN_TREE.number(), AT_FDCWD, path, OPEN_TREE_CLONE | O_CLOEXEC),
                "open_tree", path);
    }

    /** Makes a detached mount idmapped with the maps of the user namespace {@code usernsFd}. */
    public static void idmapMount(int mountFd, int usernsFd) {
        ByteBuffer attr = ByteBuffer.allocate(32).order(ByteOrder.nativeOrder());
        attr.putLong(MOUNT_ATTR_IDMAP).putLong(0).putLong(0).putLong(usernsFd);
        check(LibC.syscall(Syscall.MOUNT_SETATTR.number(), mountFd, "", AT_EMPTY_PATH, attr.array(), 32),
                "mount_setattr", "MOUNT_ATTR_IDMAP");
    }

    /** Attaches the detached mount {@code mountFd} onto the file or directory {@code targetFd} is. */
    public static void moveMountOnto(int mountFd, int targetFd) {
        check(LibC.syscall(Syscall.MOVE_MOUNT.number(), mountFd, "", targetFd, "",
                MOVE_MOUNT_F_EMPTY_PATH | MOVE_MOUNT_T_EMPTY_PATH), "move_mount", "fd " + targetFd);
    }

    public static void sethostname(String name) {
        byte[] bytes = name.getBytes(StandardCharsets.UTF_8);
        check(LibC.sethostname(name, bytes.length), "sethostname", name);
    }

    public static void setParentDeathSignal(int signal) {
        check(LibC.prctl(PR_SET_PDEATHSIG, signal, 0, 0, 0), "prctl", "PR_SET_PDEATHSIG");
    }

    public static void setNoNewPrivileges() {
        check(LibC.prctl(PR_SET_NO_NEW_PRIVS, 1, 0, 0, 0), "prctl", "PR_SET_NO_NEW_PRIVS");
    }

    public static boolean inBoundingSet(int capability) {
        return LibC.prctl(PR_CAPBSET_READ, capability, 0, 0, 0) == 1;
    }

    public static void dropFromBoundingSet(int capability) {
        check(LibC.prctl(PR_CAPBSET_DROP, capability, 0, 0, 0), "prctl", "PR_CAPBSET_DROP " + capability);
    }

    public static void clearAmbientCapabilities() {
        check(LibC.prctl(PR_CAP_AMBIENT, PR_CAP_AMBIENT_CLEAR_ALL, 0, 0, 0), "prctl", "PR_CAP_AMBIENT_CLEAR_ALL");
    }

    /** Sets this thread's effective, permitted and inheritable capability sets (bit masks). */
    public static void capset(long effective, long permitted, long inheritable) {
        int[] header = {LINUX_CAPABILITY_VERSION_3, 0};
        int[] data = {
            (int) effective, (int) permitted, (int) inheritable,
            (int) (effective >>> 32), (int) (permitted >>> 32), (int) (inheritable >>> 32)};
        check(LibC.syscall(Syscall.CAPSET.number(), header, data), "capset", "");
    }

    public static void setgroups(int[] groups) {
        check(LibC.setgroups(groups.length, groups), "setgroups", Arrays.toString(groups));
    }

    public static void setresgid(int gid) {
        check(LibC.setresgid(gid, gid, gid), "setresgid", Integer.toString(gid));
    }

    public static void setresuid(int uid) {
        check(LibC.setresuid(uid, uid, uid), "setresuid", Integer.toString(uid));
    }

    public static int getuid() {
        return LibC.getuid();
    }

    public static int getgid() {
        return LibC.getgid();
    }

    public static int getpid() {
        return LibC.getpid();
    }

    public static void setrlimit(int resource, long soft, long hard) {
        check(LibC.setrlimit(resource, new long[] {soft, hard}), "setrlimit", "resource " + resource);
    }

    /** Marks every fd from {@code first} on close-on-exec, so nothing of this process leaks into the payload. */
    public static void closeOnExecFrom(int first) {
        check(LibC.syscall(Syscall.CLOSE_RANGE.number(), first, 0xffffffffL, CLOSE_RANGE_CLOEXEC), "close_range", "");
    }

    /** Replaces this process; returns only by throwing. */
    public static void execve(String path, String[] argv, String[] envp) {
        LibC.execve(path, argv, envp);
        check(-1, "execve", path);
    }

    public static int pidfdOpen(long pid) {
        return (int) check(LibC.syscall(Syscall.PIDFD_OPEN.number(), pid, 0, 0), "pidfd_open", Long.toString(pid));
    }

    public static void pidfdSendSignal(int pidfd, int signal) {
        check(LibC.syscall(Syscall.PIDFD_SEND_SIGNAL.number(), pidfd, signal, 0, 0), "pidfd_send_signal", "signal " + signal);
    }

    /** glibc's posix_spawn_file_actions_t is 80 bytes on 64-bit; room to spare. */
    private static final int SPAWN_FILE_ACTIONS_SIZE = 128;
    private static final int EINTR = 4;

    /**
     * posix_spawn of {@code path} with each {@code dups[i] = {from, to}} duplicated onto its target in
     * the child; returns the child's pid. Bound here rather than through jnr-posix, whose set-up alone
     * cost about a quarter of a second on every container start.
     */
    public static long spawn(String path, List<String> argv, List<String> environment, int[][] dups) {
        MemoryIO memory = MemoryIO.getInstance();
        long actions = memory.allocateMemory(SPAWN_FILE_ACTIONS_SIZE, true);
        if (actions == 0) {
            throw new SysException("posix_spawn " + path, 12, "cannot allocate memory");
        }
        try {
            checkReturned(LibC.posixSpawnFileActionsInit(actions), "posix_spawn_file_actions_init", path);
            try {
                for (int[] dup : dups) {
                    checkReturned(LibC.posixSpawnFileActionsAdddup2(actions, dup[0], dup[1]),
                            "posix_spawn_file_actions_adddup2", "fd " + dup[1]);
                }
                int[] pid = new int[1];
                checkReturned(LibC.posixSpawn(pid, path, actions, argv.toArray(String[]::new),
                        environment.toArray(String[]::new)), "posix_spawn", path);
                return pid[0];
            } finally {
                LibC.posixSpawnFileActionsDestroy(actions);
            }
        } finally {
            memory.freeMemory(actions);
        }
    }

    /** Waits for a child; its status as a shell reports it (128+N for death by signal N). */
    public static int waitForChild(long pid) {
        int[] status = new int[1];
        while (LibC.waitpid((int) pid, status, 0) < 0) {
            int errno = CFunction.lastErrno();
            if (errno != EINTR) {
                throw new SysException("waitpid", errno, Long.toString(pid));
            }
        }
        int signal = status[0] & 0x7f;
        return signal == 0 ? (status[0] >> 8) & 0xff : 128 + signal;
    }

    /** For the posix_spawn family, which return the error number instead of setting errno. */
    private static void checkReturned(int error, String call, String subject) {
        if (error != 0) {
            throw new SysException(call, error, subject);
        }
    }

    /** PIDFD_GET_INFO: _IOWR(0xFF, 11, struct pidfd_info) with the 64-byte first version of the struct. */
    private static final long PIDFD_GET_INFO = 0xC040FF0BL;
    private static final long PIDFD_INFO_EXIT = 1L << 3;
    private static final int PIDFD_INFO_SIZE = 64;
    private static final int PIDFD_INFO_EXIT_CODE_OFFSET = 60;

    /**
     * The wait status of a process that has exited and been reaped, through its pidfd, even when
     * another process was its parent (Linux 6.15+); -1 where the kernel cannot tell.
     */
    public static int pidfdExitStatus(int pidfd) {
        byte[] info = new byte[PIDFD_INFO_SIZE];
        ByteBuffer buffer = ByteBuffer.wrap(info).order(ByteOrder.nativeOrder());
        buffer.putLong(0, PIDFD_INFO_EXIT);
        if (LibC.ioctl(pidfd, PIDFD_GET_INFO, info) < 0 || (buffer.getLong(0) & PIDFD_INFO_EXIT) == 0) {
            return -1;
        }
        return buffer.getInt(PIDFD_INFO_EXIT_CODE_OFFSET);
    }

    /** Brings the loopback interface of the current network namespace up. */
    public static void loopbackUp() {
        int fd = check(LibC.socket(AF_INET, SOCK_DGRAM | SOCK_CLOEXEC, 0), "socket", "AF_INET");
        try {
            byte[] request = new byte[40];
            request[0] = 'l';
            request[1] = 'o';
            check(LibC.ioctl(fd, SIOCGIFFLAGS, request), "ioctl", "SIOCGIFFLAGS lo");
            request[16] |= IFF_UP;
            check(LibC.ioctl(fd, SIOCSIFFLAGS, request), "ioctl", "SIOCSIFFLAGS lo");
        } finally {
            LibC.close(fd);
        }
    }

    /** A connected pair of AF_UNIX stream sockets (close-on-exec), to pass fds with {@link #sendFds}. */
    public static int[] socketPair() {
        int[] fds = new int[2];
        check(LibC.socketpair(AF_UNIX, SOCK_STREAM | SOCK_CLOEXEC, 0, fds), "socketpair", "AF_UNIX");
        return fds;
    }

    /** Sends {@code fds} (at least one) as SCM_RIGHTS with a one-byte message. */
    public static void sendFds(int socket, int[] fds) {
        try (FdMessage message = new FdMessage(fds.length)) {
            message.setFds(fds);
            check(LibC.sendmsg(socket, message.header(), 0), "sendmsg", "fd " + socket);
        }
    }

    /** Receives the {@code count} fds {@link #sendFds} sent, close-on-exec. */
    public static int[] receiveFds(int socket, int count) {
        long received;
        int[] fds;
        try (FdMessage message = new FdMessage(count)) {
            received = check(LibC.recvmsg(socket, message.header(), MSG_CMSG_CLOEXEC), "recvmsg", "fd " + socket);
            fds = message.fds();
        }
        if (received != 1 || fds.length != count) {
            for (int fd : fds) {
                LibC.close(fd);
            }
            throw new SysException("recvmsg fd " + socket, 0, "expected " + count + " fds, got " + fds.length);
        }
        return fds;
    }

    /** An unbound AF_UNIX datagram socket (close-on-exec). */
    public static int unixDatagramSocket() {
        return check(LibC.socket(AF_UNIX, SOCK_DGRAM | SOCK_CLOEXEC, 0), "socket", "AF_UNIX");
    }

    /** Binds a datagram socket to a path or, with a leading '@', an abstract name. */
    public static void bindUnix(int fd, String name) {
        byte[] address = unixAddress(name);
        check(LibC.bind(fd, address, address.length), "bind", name);
    }

    /** Sends one datagram to a path or, with a leading '@', an abstract name. */
    public static void sendTo(int fd, byte[] message, String name) {
        byte[] address = unixAddress(name);
        check(LibC.sendto(fd, message, message.length, 0, address, address.length), "sendto", name);
    }

    public static int receive(int fd, byte[] buffer) {
        return (int) check(LibC.recv(fd, buffer, buffer.length, 0), "recv", "fd " + fd);
    }

    /** sockaddr_un: family, then the path with its NUL, or NUL + the abstract name without one. */
    static byte[] unixAddress(String name) {
        byte[] path = name.getBytes(StandardCharsets.UTF_8);
        boolean isAbstract = name.startsWith("@");
        int length = 2 + path.length + (isAbstract ? 0 : 1);
        if (length > 110) {
            throw new IllegalArgumentException("socket address too long: " + name);
        }
        byte[] address = new byte[length];
        ByteBuffer.wrap(address).order(ByteOrder.nativeOrder()).putShort((short) AF_UNIX);
        System.arraycopy(path, 0, address, 2, path.length);
        if (isAbstract) {
            address[2] = 0;
        }
        return address;
    }

    public static String describe(int errno) {
        return LibC.strerror(errno);
    }

    private static long check(long result, String call, String subject) {
        if (result < 0) {
            int errno = CFunction.lastErrno();
            throw new SysException(subject.isEmpty() ? call : call + " " + subject, errno, LibC.strerror(errno));
        }
        return result;
    }

    private static int check(int result, String call, String subject) {
        return (int) check((long) result, call, subject);
    }
}
