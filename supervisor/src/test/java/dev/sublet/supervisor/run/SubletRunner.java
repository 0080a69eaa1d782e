package dev.sublet.supervisor.run;

import dev.sublet.common.IdMapping;
import dev.sublet.testsupport.SystemTests;
import java.io.File;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;

/**
 * Runs {@code sublet run} the way systemd would: as root, or as the rootless test user through
 * {@code setpriv}. The supervisor runs from the test's class path ({@code SubletMain run}); for the
 * test user (who cannot read /root) that class path is first copied to a world-readable directory.
 */
final class SubletRunner {

    enum As { ROOT, TEST_USER }

    private static Path sharedClassPath;
    private static Path rootfs;

    final As as;
    final long uid;
    final long gid;
    /** Start of the subordinate range the test user owns (root may map any range; it uses the same). */
    final long subordinateStart;
    final String home;

    private SubletRunner(As as) throws IOException {
        this.as = as;
        String user = SystemTests.testUser();
        this.uid = Long.parseLong(run("id", "-u", user).strip());
        this.gid = Long.parseLong(run("id", "-g", user).strip());
        this.home = run("sh", "-c", "getent passwd " + user + " | cut -d: -f6").strip();
        this.subordinateStart = Files.readAllLines(Path.of("/etc/subuid")).stream()
                .filter(l -> l.startsWith(user + ":") || l.startsWith(uid + ":"))
                .map(l -> Long.parseLong(l.split(":")[1]))
                .findFirst().orElseThrow(() -> new IllegalStateException("no /etc/subuid entry for " + user));
    }

    /** Needs root, creates the test user if missing, and a busybox rootfs shared by the tests. */
    static synchronized SubletRunner as(As as) throws IOException {
        SystemTests.needRoot();
        if (!passwdHas(SystemTests.testUser())) {
            run("bash", projectDir().resolve("scripts/setup-test-user.sh").toString());
        }
        SystemTests.needTestUser();
        SystemTests.needExecutable("/usr/bin/newuidmap");
        SystemTests.needExecutable("/usr/bin/busybox");
        if (rootfs == null) {
            Path dir = worldReadableTempDir("sublet-rootfs");
            run("bash", projectDir().resolve("scripts/make-rootfs.sh").toString(), dir.toString());
            rootfs = dir;
        }
        return new SubletRunner(as);
    }

    Path rootfs() {
        return rootfs;
    }

    /** The rootless default: the user is root of the container, its subordinate ids follow. */
    List<IdMapping> hostMode() {
        return List.of(new IdMapping(0, uid, 1), new IdMapping(1, subordinateStart, 65536));
    }

    /** keep-id: the user keeps its id, the subordinate ids fill the rest. */
    List<IdMapping> keepIdMode() {
        return List.of(new IdMapping(0, subordinateStart, uid), new IdMapping(uid, uid, 1),
                new IdMapping(uid + 1, subordinateStart + uid, 65536 - uid - 1));
    }

    /** An auto-like allocation: {@code size} ids at {@code offset} into the subordinate range. */
    List<IdMapping> autoMode(long offset, long size) {
        return List.of(new IdMapping(0, subordinateStart + offset, size));
    }

    /** nomap: the subordinate range alone; the user's own id is not mapped. */
    List<IdMapping> nomapMode() {
        return List.of(new IdMapping(0, subordinateStart, 65536));
    }

    static List<String> mapArgs(List<IdMapping> map) {
        List<String> args = new ArrayList<>();
        for (IdMapping m : map) {
            args.add("--uidmap");
            args.add(m.toArg());
            args.add("--gidmap");
            args.add(m.toArg());
        }
        return args;
    }

    /** Starts {@code sublet run ARGS} (as this runner's identity) without waiting. */
    SubletProcess start(List<String> args) throws IOException {
        return start(args, java.util.Map.of());
    }

    /** The same, with extra environment variables for the supervisor. */
    SubletProcess start(List<String> args, java.util.Map<String, String> environment) throws IOException {
        List<String> command = new ArrayList<>();
        if (as == As.TEST_USER) {
            command.addAll(List.of("setpriv", "--reuid=" + uid, "--regid=" + gid, "--init-groups",
                    "env", "HOME=" + home, "USER=" + SystemTests.testUser()));
        }
        command.addAll(List.of(javaPath(), "-XX:+UseSerialGC", "-XX:TieredStopAtLevel=1", "-cp", classPath(),
                "dev.sublet.supervisor.SubletMain", "run"));
        command.addAll(args);
        ProcessBuilder builder = new ProcessBuilder(command).redirectInput(ProcessBuilder.Redirect.from(new File("/dev/null")));
        // No session bus: the D-Bus export is tested elsewhere and must not slow these down.
        builder.environment().remove("DBUS_SESSION_BUS_ADDRESS");
        builder.environment().remove("XDG_RUNTIME_DIR");
        builder.environment().remove("NOTIFY_SOCKET");
        builder.environment().putAll(environment);
        Path output = Files.createTempFile("sublet-run", ".out");
        Path errors = Files.createTempFile("sublet-run", ".err");
        output.toFile().deleteOnExit();
        errors.toFile().deleteOnExit();
        builder.redirectOutput(output.toFile()).redirectError(errors.toFile());
        return new SubletProcess(builder.start(), output, errors);
    }

    /** Runs a container with the given maps and payload and waits for it. */
    SubletProcess run(List<IdMapping> map, List<String> options, String... payload) throws IOException {
        List<String> args = new ArrayList<>(List.of("--name", "test", "--rootfs", rootfs.toString()));
        args.addAll(mapArgs(map));
        args.addAll(options);
        args.add("--");
        args.addAll(List.of(payload));
        SubletProcess process = start(args);
        process.waitFor(java.time.Duration.ofSeconds(60));
        return process;
    }

    /** A directory the test user can use. */
    static Path worldReadableTempDir(String prefix) throws IOException {
        Path dir = Files.createTempDirectory(Path.of("/tmp"), prefix);
        Runtime.getRuntime().addShutdownHook(new Thread(() -> {
            try {
                run("rm", "-rf", "--one-file-system", dir.toString());
            } catch (IOException e) {
                System.err.println("cannot remove " + dir + ": " + e.getMessage());
            }
        }));
        Files.setPosixFilePermissions(dir, PosixFilePermissions.fromString("rwxr-xr-x"));
        return dir;
    }

    /**
     * A world-readable snapshot of the test class path, used in both modes: the test user cannot
     * read /root, and a snapshot is not disturbed by a concurrent rebuild of target/classes.
     */
    private String classPath() throws IOException {
        return sharedClassPath(System.getProperty("java.class.path"));
    }

    private static synchronized String sharedClassPath(String classPath) throws IOException {
        if (sharedClassPath == null) {
            sharedClassPath = worldReadableTempDir("sublet-classpath");
        }
        List<String> copies = new ArrayList<>();
        int index = 0;
        for (String entry : classPath.split(File.pathSeparator)) {
            Path source = Path.of(entry);
            Path copy = sharedClassPath.resolve(index++ + "-" + source.getFileName());
            if (!Files.exists(copy)) {
                copyTree(source, copy);
            }
            copies.add(copy.toString());
        }
        run("chmod", "-R", "a+rX", sharedClassPath.toString());
        return String.join(File.pathSeparator, copies);
    }

    private static void copyTree(Path source, Path target) throws IOException {
        if (!Files.exists(source)) {
            return;
        }
        try (Stream<Path> paths = Files.walk(source)) {
            paths.forEach(p -> {
                try {
                    Files.copy(p, target.resolve(source.relativize(p).toString()), StandardCopyOption.REPLACE_EXISTING);
                } catch (IOException e) {
                    if (!Files.isDirectory(p)) {
                        throw new UncheckedIOException(e);
                    }
                }
            });
        }
    }

    static Path projectDir() {
        Path dir = Path.of("").toAbsolutePath();
        return Files.exists(dir.resolve("scripts")) ? dir : dir.getParent();
    }

    private static String javaPath() {
        return Path.of(System.getProperty("java.home"), "bin", "java").toString();
    }

    private static boolean passwdHas(String user) throws IOException {
        return Files.readAllLines(Path.of("/etc/passwd")).stream().anyMatch(l -> l.startsWith(user + ":"));
    }

    static String run(String... command) throws IOException {
        Process process = new ProcessBuilder(command).redirectErrorStream(true).start();
        String output = new String(process.getInputStream().readAllBytes());
        try {
            if (process.waitFor() != 0) {
                throw new IOException(String.join(" ", command) + " failed: " + output);
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IOException("interrupted", e);
        }
        return output;
    }
}
