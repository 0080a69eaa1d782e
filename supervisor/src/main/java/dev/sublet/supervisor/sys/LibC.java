package dev.sublet.supervisor.sys;

import static dev.sublet.supervisor.sys.CFunction.Arg.ADDRESS;
import static dev.sublet.supervisor.sys.CFunction.Arg.BYTES;
import static dev.sublet.supervisor.sys.CFunction.Arg.INT;
import static dev.sublet.supervisor.sys.CFunction.Arg.INTS;
import static dev.sublet.supervisor.sys.CFunction.Arg.LONG;
import static dev.sublet.supervisor.sys.CFunction.Arg.LONGS;
import static dev.sublet.supervisor.sys.CFunction.Arg.STRING;
import static dev.sublet.supervisor.sys.CFunction.Arg.STRINGS;

import dev.sublet.supervisor.sys.CFunction.Returns;

/**
 * The C library functions sublet calls, each bound once when this class loads (the container stage
 * calls them after pivot_root, when no library or jar is reachable by path any more). Only
 * {@link Linux} uses this directly: it checks every result and turns failures into
 * {@link SysException}s. Variadic functions (open, fcntl, prctl, ioctl, syscall) are bound with fixed
 * integer arguments, which the LP64 calling conventions of x86_64 and aarch64 pass alike.
 */
final class LibC {

    private static final CFunction OPEN = CFunction.bind("open", Returns.INT, STRING, INT, INT);
    private static final CFunction OPENAT = CFunction.bind("openat", Returns.INT, INT, STRING, INT, INT);
    private static final CFunction MKDIRAT = CFunction.bind("mkdirat", Returns.INT, INT, STRING, INT);
    private static final CFunction SYMLINKAT = CFunction.bind("symlinkat", Returns.INT, STRING, INT, STRING);
    private static final CFunction CLOSE = CFunction.bind("close", Returns.INT, INT);
    private static final CFunction READ = CFunction.bind("read", Returns.LONG, INT, BYTES, LONG);
    private static final CFunction WRITE = CFunction.bind("write", Returns.LONG, INT, BYTES, LONG);
    private static final CFunction PIPE2 = CFunction.bind("pipe2", Returns.INT, INTS, INT);
    private static final CFunction FCNTL = CFunction.bind("fcntl", Returns.INT, INT, INT, INT);
    private static final CFunction FCHDIR = CFunction.bind("fchdir", Returns.INT, INT);
    private static final CFunction CHDIR = CFunction.bind("chdir", Returns.INT, STRING);
    private static final CFunction MOUNT = CFunction.bind("mount", Returns.INT, STRING, STRING, STRING, LONG, STRING);
    private static final CFunction UMOUNT2 = CFunction.bind("umount2", Returns.INT, STRING, INT);
    private static final CFunction SETHOSTNAME = CFunction.bind("sethostname", Returns.INT, STRING, LONG);
    private static final CFunction PRCTL = CFunction.bind("prctl", Returns.INT, INT, LONG, LONG, LONG, LONG);
    private static final CFunction SETGROUPS = CFunction.bind("setgroups", Returns.INT, LONG, INTS);
    private static final CFunction SETRESUID = CFunction.bind("setresuid", Returns.INT, INT, INT, INT);
    private static final CFunction SETRESGID = CFunction.bind("setresgid", Returns.INT, INT, INT, INT);
    private static final CFunction GETUID = CFunction.bind("getuid", Returns.INT);
    private static final CFunction GETGID = CFunction.bind("getgid", Returns.INT);
    private static final CFunction GETPID = CFunction.bind("getpid", Returns.INT);
    private static final CFunction SETRLIMIT = CFunction.bind("setrlimit", Returns.INT, INT, LONGS);
    private static final CFunction SOCKET = CFunction.bind("socket", Returns.INT, INT, INT, INT);
    private static final CFunction SOCKETPAIR = CFunction.bind("socketpair", Returns.INT, INT, INT, INT, INTS);
    private static final CFunction SENDMSG = CFunction.bind("sendmsg", Returns.LONG, INT, ADDRESS, INT);
    private static final CFunction RECVMSG = CFunction.bind("recvmsg", Returns.LONG, INT, ADDRESS, INT);
    private static final CFunction BIND = CFunction.bind("bind", Returns.INT, INT, BYTES, INT);
    private static final CFunction SENDTO = CFunction.bind("sendto", Returns.LONG, INT, BYTES, LONG, INT, BYTES, INT);
    private static final CFunction RECV = CFunction.bind("recv", Returns.LONG, INT, BYTES, LONG, INT);
    private static final CFunction IOCTL = CFunction.bind("ioctl", Returns.INT, INT, LONG, BYTES);
    private static final CFunction EXECVE = CFunction.bind("execve", Returns.INT, STRING, STRINGS, STRINGS);
    private static final CFunction SPAWN_ACTIONS_INIT =
            CFunction.bind("posix_spawn_file_actions_init", Returns.INT, ADDRESS);
    private static final CFunction SPAWN_ACTIONS_ADDDUP2 =
            CFunction.bind("posix_spawn_file_actions_adddup2", Returns.INT, ADDRESS, INT, INT);
    private static final CFunction SPAWN_ACTIONS_DESTROY =
            CFunction.bind("posix_spawn_file_actions_destroy", Returns.INT, ADDRESS);
    private static final CFunction POSIX_SPAWN =
            CFunction.bind("posix_spawn", Returns.INT, INTS, STRING, ADDRESS, ADDRESS, STRINGS, STRINGS);
    private static final CFunction WAITPID = CFunction.bind("waitpid", Returns.INT, INT, INTS, INT);
    private static final CFunction STRERROR = CFunction.bind("strerror", Returns.ADDRESS, INT);
    // syscall(2) for the calls glibc 2.36 has no wrapper for, one binding per argument shape.
    private static final CFunction SYSCALL_SS = CFunction.bind("syscall", Returns.LONG, LONG, STRING, STRING);
    private static final CFunction SYSCALL_LLL = CFunction.bind("syscall", Returns.LONG, LONG, LONG, LONG, LONG);
    private static final CFunction SYSCALL_LLLL = CFunction.bind("syscall", Returns.LONG, LONG, LONG, LONG, LONG, LONG);
    private static final CFunction SYSCALL_ISBL =
            CFunction.bind("syscall", Returns.LONG, LONG, INT, STRING, BYTES, LONG);
    private static final CFunction SYSCALL_II = CFunction.bind("syscall", Returns.LONG, LONG, INTS, INTS);
    private static final CFunction SYSCALL_ISIBL =
            CFunction.bind("syscall", Returns.LONG, LONG, INT, STRING, INT, BYTES, LONG);
    private static final CFunction SYSCALL_ISL = CFunction.bind("syscall", Returns.LONG, LONG, INT, STRING, LONG);
    private static final CFunction SYSCALL_ISISL =
            CFunction.bind("syscall", Returns.LONG, LONG, INT, STRING, INT, STRING, LONG);

    private LibC() {
    }

    static int open(String path, int flags, int mode) {
        return (int) OPEN.call(path, flags, mode);
    }

    static int openat(int dirfd, String path, int flags, int mode) {
        return (int) OPENAT.call(dirfd, path, flags, mode);
    }

    static int mkdirat(int dirfd, String path, int mode) {
        return (int) MKDIRAT.call(dirfd, path, mode);
    }

    static int symlinkat(String target, int dirfd, String linkPath) {
        return (int) SYMLINKAT.call(target, dirfd, linkPath);
    }

    static int close(int fd) {
        return (int) CLOSE.call(fd);
    }

    static long read(int fd, byte[] buffer, long count) {
        return READ.call(fd, buffer, count);
    }

    static long write(int fd, byte[] buffer, long count) {
        return WRITE.call(fd, buffer, count);
    }

    static int pipe2(int[] fds, int flags) {
        return (int) PIPE2.call(fds, flags);
    }

    static int fcntl(int fd, int command, int argument) {
        return (int) FCNTL.call(fd, command, argument);
    }

    static int fchdir(int fd) {
        return (int) FCHDIR.call(fd);
    }

    static int chdir(String path) {
        return (int) CHDIR.call(path);
    }

    static int mount(String source, String target, String fsType, long flags, String data) {
        return (int) MOUNT.call(source, target, fsType, flags, data);
    }

    static int umount2(String target, int flags) {
        return (int) UMOUNT2.call(target, flags);
    }

    static int sethostname(String name, long length) {
        return (int) SETHOSTNAME.call(name, length);
    }

    static int prctl(int option, long arg2, long arg3, long arg4, long arg5) {
        return (int) PRCTL.call(option, arg2, arg3, arg4, arg5);
    }

    static int setgroups(long size, int[] groups) {
        return (int) SETGROUPS.call(size, groups);
    }

    static int setresuid(int ruid, int euid, int suid) {
        return (int) SETRESUID.call(ruid, euid, suid);
    }

    static int setresgid(int rgid, int egid, int sgid) {
        return (int) SETRESGID.call(rgid, egid, sgid);
    }

    static int getuid() {
        return (int) GETUID.call();
    }

    static int getgid() {
        return (int) GETGID.call();
    }

    static int getpid() {
        return (int) GETPID.call();
    }

    static int setrlimit(int resource, long[] limit) {
        return (int) SETRLIMIT.call(resource, limit);
    }

    static int socket(int domain, int type, int protocol) {
        return (int) SOCKET.call(domain, type, protocol);
    }

    static int socketpair(int domain, int type, int protocol, int[] fds) {
        return (int) SOCKETPAIR.call(domain, type, protocol, fds);
    }

    static long sendmsg(int fd, long message, int flags) {
        return SENDMSG.call(fd, message, flags);
    }

    static long recvmsg(int fd, long message, int flags) {
        return RECVMSG.call(fd, message, flags);
    }

    static int bind(int fd, byte[] address, int length) {
        return (int) BIND.call(fd, address, length);
    }

    static long sendto(int fd, byte[] buffer, long length, int flags, byte[] address, int addressLength) {
        return SENDTO.call(fd, buffer, length, flags, address, addressLength);
    }

    static long recv(int fd, byte[] buffer, long length, int flags) {
        return RECV.call(fd, buffer, length, flags);
    }

    static int ioctl(int fd, long request, byte[] argument) {
        return (int) IOCTL.call(fd, request, argument);
    }

    static int execve(String path, String[] argv, String[] envp) {
        return (int) EXECVE.call(path, argv, envp);
    }

    static int posixSpawnFileActionsInit(long actions) {
        return (int) SPAWN_ACTIONS_INIT.call(actions);
    }

    static int posixSpawnFileActionsAdddup2(long actions, int fd, int newFd) {
        return (int) SPAWN_ACTIONS_ADDDUP2.call(actions, fd, newFd);
    }

    static int posixSpawnFileActionsDestroy(long actions) {
        return (int) SPAWN_ACTIONS_DESTROY.call(actions);
    }

    /** posix_spawn with default attributes (NULL). */
    static int posixSpawn(int[] pid, String path, long actions, String[] argv, String[] envp) {
        return (int) POSIX_SPAWN.call(pid, path, actions, 0L, argv, envp);
    }

    static int waitpid(int pid, int[] status, int options) {
        return (int) WAITPID.call(pid, status, options);
    }

    static String strerror(int errno) {
        return CFunction.string(STRERROR.call(errno));
    }

    static long syscall(long number, String a, String b) {
        return SYSCALL_SS.call(number, a, b);
    }

    static long syscall(long number, long a, long b, long c) {
        return SYSCALL_LLL.call(number, a, b, c);
    }

    static long syscall(long number, long a, long b, long c, long d) {
        return SYSCALL_LLLL.call(number, a, b, c, d);
    }

    static long syscall(long number, int dirfd, String path, byte[] how, long size) {
        return SYSCALL_ISBL.call(number, dirfd, path, how, size);
    }

    static long syscall(long number, int[] header, int[] data) {
        return SYSCALL_II.call(number, header, data);
    }

    static long syscall(long number, int dirfd, String path, int flags, byte[] attr, long size) {
        return SYSCALL_ISIBL.call(number, dirfd, path, flags, attr, size);
    }

    static long syscall(long number, int dirfd, String path, long flags) {
        return SYSCALL_ISL.call(number, dirfd, path, flags);
    }

    static long syscall(long number, int fromDirfd, String fromPath, int toDirfd, String toPath, long flags) {
        return SYSCALL_ISISL.call(number, fromDirfd, fromPath, toDirfd, toPath, flags);
    }
}
