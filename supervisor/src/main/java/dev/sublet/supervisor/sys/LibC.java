package dev.sublet.supervisor.sys;

/**
 * The C library functions sublet calls through jnr-ffi. Only {@link Linux} uses this directly: it
 * checks every result and turns failures into {@link SysException}s.
 */
public interface LibC {
    int open(String path, int flags, int mode);
    int openat(int dirfd, String path, int flags, int mode);
    int mkdirat(int dirfd, String path, int mode);
    int symlinkat(String target, int dirfd, String linkPath);
    int close(int fd);
    long read(int fd, byte[] buffer, long count);
    long write(int fd, byte[] buffer, long count);
    int pipe2(int[] fds, int flags);
    int fcntl(int fd, int command, int argument);
    int fchdir(int fd);
    int chdir(String path);
    int mount(String source, String target, String fsType, long flags, String data);
    int umount2(String target, int flags);
    int sethostname(String name, long length);
    int prctl(int option, long arg2, long arg3, long arg4, long arg5);
    int setgroups(long size, int[] groups);
    int setresuid(int ruid, int euid, int suid);
    int setresgid(int rgid, int egid, int sgid);
    int getuid();
    int getgid();
    int getpid();
    int kill(int pid, int signal);
    int setrlimit(int resource, long[] limit);
    int getrlimit(int resource, long[] limit);
    int socket(int domain, int type, int protocol);
    int socketpair(int domain, int type, int protocol, int[] fds);
    long sendmsg(int fd, jnr.ffi.Pointer message, int flags);
    long recvmsg(int fd, jnr.ffi.Pointer message, int flags);
    int bind(int fd, byte[] address, int length);
    long sendto(int fd, byte[] buffer, long length, int flags, byte[] address, int addressLength);
    long recv(int fd, byte[] buffer, long length, int flags);
    int ioctl(int fd, long request, byte[] argument);
    int execve(String path, String[] argv, String[] envp);
    int posix_spawn_file_actions_init(jnr.ffi.Pointer actions);
    int posix_spawn_file_actions_adddup2(jnr.ffi.Pointer actions, int fd, int newFd);
    int posix_spawn_file_actions_destroy(jnr.ffi.Pointer actions);
    int posix_spawn(int[] pid, String path, jnr.ffi.Pointer actions, jnr.ffi.Pointer attributes,
                    String[] argv, String[] envp);
    int waitpid(int pid, int[] status, int options);
    String strerror(int errno);

    long syscall(long number, String a, String b);
    long syscall(long number, long a, long b, long c);
    long syscall(long number, long a, long b, long c, long d);
    long syscall(long number, int dirfd, String path, byte[] how, long size);
    long syscall(long number, int[] header, int[] data);
    long syscall(long number, int dirfd, String path, int flags, byte[] attr, long size);
    long syscall(long number, int dirfd, String path, long flags);
    long syscall(long number, int fromDirfd, String fromPath, int toDirfd, String toPath, long flags);
}
