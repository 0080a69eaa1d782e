package dev.sublet.generator.userns;

import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.sublet.common.IdMapping;
import dev.sublet.generator.GeneratorContext;
import dev.sublet.generator.unit.Entry;
import dev.sublet.testsupport.SystemTests;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import java.util.stream.Collectors;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * The real test user with the real /etc/subuid and /etc/subgid: the resolved maps are handed to
 * the real newgidmap/newuidmap for a process in a fresh user namespace, run as that user, and the
 * kernel's /proc/PID/uid_map must then show exactly those lines.
 */
class RealUserMapsSystemTest {

    @TempDir
    Path stateDir;

    @ParameterizedTest
    @ValueSource(strings = {"host", "keep-id", "nomap", "auto", "keep-id:uid=0,size=2000"})
    void newuidmapAndTheKernelAcceptTheMaps(String mode) throws Exception {
        SystemTests.needTestUser();
        SystemTests.needExecutable("/usr/bin/newuidmap");
        SystemTests.needExecutable("/usr/bin/setpriv");
        String user = SystemTests.testUser();
        long uid = id("-u", user);
        long gid = id("-g", user);
        GeneratorContext context = new GeneratorContext(false, uid, gid, user, Path.of("/home", user),
                Path.of("/etc/subuid"), Path.of("/etc/subgid"), stateDir, "/usr/bin/sublet", Map.of());
        DefaultUserNsResolver resolver = new DefaultUserNsResolver(context, message -> { });
        ResolvedUserNs resolved = resolver.resolve(new UserNsRequest("real.service",
                new Entry("UserNS", mode, Path.of("/units/real.container"), 1), List.of(), List.of(),
                null, null, null, null, null));
        resolver.finish(Set.of("real.service"));

        Process inside = asUser(uid, gid, "unshare", "--user", "sh", "-c",
                "echo ready; read go; cat /proc/self/uid_map; echo --; cat /proc/self/gid_map").start();
        try {
            // newuidmap checks who owns the target: wait until it runs as the user, inside its namespace.
            BufferedReader stdout = new BufferedReader(
                    new InputStreamReader(inside.getInputStream(), StandardCharsets.UTF_8));
            assertEquals("ready", stdout.readLine());
            String pid = Long.toString(inside.pid());
            run(asUser(uid, gid, command("/usr/bin/newgidmap", pid, resolved.gidMaps())));
            run(asUser(uid, gid, command("/usr/bin/newuidmap", pid, resolved.uidMaps())));
            try (OutputStream stdin = inside.getOutputStream()) {
                stdin.write('\n');
            }
            String[] output = stdout.lines().collect(Collectors.joining("\n")).split("--");
            assertEquals(UserNsFixture.lines(resolved.uidMaps()), normalized(output[0]));
            assertEquals(UserNsFixture.lines(resolved.gidMaps()), normalized(output[1]));
        } finally {
            inside.destroyForcibly();
        }
    }

    private static ProcessBuilder asUser(long uid, long gid, String... command) {
        List<String> full = new ArrayList<>(List.of("/usr/bin/setpriv", "--reuid=" + uid, "--regid=" + gid,
                "--clear-groups", "--"));
        full.addAll(List.of(command));
        return new ProcessBuilder(full).redirectError(ProcessBuilder.Redirect.INHERIT);
    }

    private static String[] command(String tool, String pid, List<IdMapping> maps) {
        List<String> args = new ArrayList<>(List.of(tool, pid));
        for (IdMapping map : maps) {
            args.addAll(List.of(Long.toString(map.containerId()), Long.toString(map.hostId()),
                    Long.toString(map.size())));
        }
        return args.toArray(String[]::new);
    }

    private static void run(ProcessBuilder builder) throws IOException, InterruptedException {
        Process process = builder.redirectOutput(ProcessBuilder.Redirect.INHERIT).start();
        if (!process.waitFor(20, TimeUnit.SECONDS)) {
            process.destroyForcibly();
            throw new AssertionError(builder.command() + " hung");
        }
        assertEquals(0, process.exitValue(), builder.command() + " failed");
    }

    private static List<String> normalized(String procMap) {
        return procMap.lines().map(String::strip).filter(l -> !l.isEmpty())
                .map(l -> String.join(" ", l.split("\\s+"))).toList();
    }

    private static long id(String flag, String user) throws IOException, InterruptedException {
        Process process = new ProcessBuilder("id", flag, user).start();
        String out = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8).strip();
        process.waitFor();
        return Long.parseLong(out);
    }
}
