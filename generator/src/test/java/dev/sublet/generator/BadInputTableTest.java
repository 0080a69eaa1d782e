package dev.sublet.generator;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.sublet.testsupport.SystemTests;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Keeps docs/bad-input.md true: runs the real generator on one example of every class of bad
 * input, next to a good unit, and renders what the user sees. The test fails when the document
 * differs from what the generator prints; regenerate it with
 * {@code SUBLET_UPDATE_DOCS=1 mvn -o -pl generator test -Dtest=BadInputTableTest} (the file is
 * written to docs/ of the tree the test runs in). Needs root for the read-only and full-disk rows
 * (tmpfs mounts).
 */
class BadInputTableTest {

    private static final Path DOCUMENT = Path.of("..", "docs", "bad-input.md");
    private static final String UNIT_DIR = "/home/alice/.config/containers/systemd";
    private static final String STATE_DIR = "/home/alice/.local/state/sublet";

    @TempDir
    Path tmp;

    /** One scenario: the files under a fake root, laid out like alice's real ones. */
    private final class Scenario {
        final Path root;
        private final List<Path> mounts = new ArrayList<>();

        Scenario(int number) throws IOException {
            root = Files.createDirectories(tmp.resolve("case-" + number));
            write("/etc/subuid", "alice:100000:65536\n");
            write("/etc/subgid", "alice:100000:65536\n");
            write("/srv/rootfs/etc/passwd", "root:x:0:0::/root:/bin/sh\nwww:x:33:33::/var/www:/bin/sh\n");
            unit("good.container", "[Container]\nRootfs=/srv/rootfs\nExec=/bin/httpd -f\n");
        }

        Path path(String absolute) {
            return root.resolve(absolute.substring(1));
        }

        Scenario write(String absolute, String text) throws IOException {
            Path file = path(absolute);
            Files.createDirectories(file.getParent());
            Files.writeString(file, text);
            return this;
        }

        Scenario unit(String name, String text) throws IOException {
            return write(UNIT_DIR + "/" + name, text);
        }

        void mountTmpfs(String absolute, String size) throws Exception {
            Path mountPoint = path(absolute);
            ScratchTmpfs.mount(mountPoint, size);
            mounts.add(mountPoint);
        }

        void unmountAll() throws Exception {
            for (Path mountPoint : mounts) {
                ScratchTmpfs.unmount(mountPoint);
            }
        }
    }

    @FunctionalInterface
    private interface Setup {
        void apply(Scenario scenario) throws Exception;
    }

    /** @param input how the bad input looks, for the reader */
    private record Case(String badInput, String input, Setup setup) {
    }

    private static Setup unit(String text) {
        return scenario -> scenario.unit("web.container", text);
    }

    private static Setup container(String lines) {
        return unit("[Container]\nRootfs=/srv/rootfs\nExec=/bin/httpd -f\n" + lines);
    }

    private static final List<Case> CASES = List.of(
            new Case("malformed line", "`Rootfs` (no `=`)", unit("[Container]\nRootfs\n")),
            new Case("assignment outside a section", "`Exec=/bin/sh` before any `[Section]`",
                    unit("Exec=/bin/sh\n[Container]\nRootfs=/srv/rootfs\n")),
            new Case("bad section header", "`[Container`", unit("[Container\nRootfs=/srv/rootfs\n")),
            new Case("not UTF-8", "a byte 0xFF in the file", scenario -> Files.write(
                    scenario.path(UNIT_DIR + "/web.container"), new byte[] {'[', 'C', ']', '\n', (byte) 0xff, '\n'})),
            new Case("no [Container] section", "only `[Unit]`", unit("[Unit]\nDescription=x\n")),
            new Case("unknown key", "`Rootfss=/srv/rootfs`", container("Rootfss=/srv/rootfs\n")),
            new Case("Quadlet key sublet does not implement", "`PublishPort=8080:80`",
                    container("PublishPort=8080:80\n")),
            new Case("Podman-only key", "`PodmanArgs=--privileged`", container("PodmanArgs=--privileged\n")),
            new Case("missing Rootfs", "`[Container]` with only `Exec=`", unit("[Container]\nExec=/bin/sh\n")),
            new Case("image instead of rootfs", "`Image=docker.io/library/nginx`",
                    unit("[Container]\nImage=docker.io/library/nginx\nExec=/bin/sh\n")),
            new Case("missing command", "no `Exec=` or `Entrypoint=`", unit("[Container]\nRootfs=/srv/rootfs\n")),
            new Case("rootfs path with a bad specifier", "`Rootfs=%x/rootfs`",
                    unit("[Container]\nRootfs=%x/rootfs\nExec=/bin/sh\n")),
            new Case("rootfs that does not exist", "`Rootfs=/srv/missing` (accepted: `sublet run` checks it)",
                    unit("[Container]\nRootfs=/srv/missing\nExec=/bin/sh\n")),
            new Case("anonymous volume", "`Volume=/data`", container("Volume=/data\n")),
            new Case("named volume", "`Volume=data:/data`", container("Volume=data:/data\n")),
            new Case("bad volume option", "`Volume=/srv/data:/data:rw,bogus`", container("Volume=/srv/data:/data:rw,bogus\n")),
            new Case("bad mount", "`Mount=type=nfs,destination=/x`", container("Mount=type=nfs,destination=/x\n")),
            new Case("bad boolean", "`ReadOnly=maybe`", container("ReadOnly=maybe\n")),
            new Case("bad environment word", "`Environment=JUSTANAME`", container("Environment=JUSTANAME\n")),
            new Case("unsupported network", "`Network=bridge`", container("Network=bridge\n")),
            new Case("Group= without User=", "`Group=www`", container("Group=www\n")),
            new Case("unknown user namespace mode", "`UserNS=private`", container("UserNS=private\n")),
            new Case("malformed UserNS option", "`UserNS=auto:size=big`", container("UserNS=auto:size=big\n")),
            new Case("unknown UserNS option", "`UserNS=keep-id:home=/x`", container("UserNS=keep-id:home=/x\n")),
            new Case("bad map", "`UIDMap=0:x:10`", container("UIDMap=0:x:10\n")),
            new Case("impossible map: more ids than the user has", "`UIDMap=0:1:70000`",
                    container("UIDMap=0:1:70000\n")),
            new Case("impossible map: overlapping lines", "`UIDMap=0:1:100` and `UIDMap=50:500:10`",
                    container("UIDMap=0:1:100\nUIDMap=50:500:10\n")),
            new Case("UserNS= with UIDMap=", "`UserNS=auto` and `UIDMap=0:1:10`",
                    container("UserNS=auto\nUIDMap=0:1:10\n")),
            new Case("SubUIDMap= of someone else", "`SubUIDMap=bob`", scenario -> {
                scenario.write("/etc/subuid", "alice:100000:65536\nbob:300000:65536\n");
                container("SubUIDMap=bob\n").apply(scenario);
            }),
            new Case("nomap without subordinate ids", "`UserNS=nomap`, no line for alice in /etc/subuid",
                    scenario -> {
                        scenario.write("/etc/subuid", "bob:300000:65536\n");
                        container("UserNS=nomap\n").apply(scenario);
                    }),
            new Case("broken /etc/subuid line", "`alice:100000` in /etc/subuid", scenario -> {
                scenario.write("/etc/subuid", "alice:100000\nalice:200000:65536\n");
                container("UserNS=auto\n").apply(scenario);
            }),
            new Case("too fragmented subordinate ids", "400 separate 3-id ranges of alice in /etc/subuid", scenario -> {
                StringBuilder lines = new StringBuilder();
                for (int i = 0; i < 400; i++) {
                    lines.append("alice:").append(100000 + i * 4).append(":3\n");
                }
                scenario.write("/etc/subuid", lines.toString());
                container("UserNS=auto\n").apply(scenario);
            }),
            new Case("exhausted ids", "`UserNS=auto:size=100000` with 65536 subordinate ids",
                    container("UserNS=auto:size=100000\n")),
            new Case("unknown dependency", "`[Unit] Requires=nosuch.container`",
                    unit("[Unit]\nRequires=nosuch.container\n[Container]\nRootfs=/srv/rootfs\nExec=/bin/sh\n")),
            new Case("bad [Install] target", "`WantedBy=/tmp/x`",
                    unit("[Container]\nRootfs=/srv/rootfs\nExec=/bin/sh\n[Install]\nWantedBy=/tmp/x\n")),
            new Case("two units, one service name", "`ServiceName=good` in web.container",
                    container("ServiceName=good\n")),
            new Case("corrupt state file", "a state file whose second line is garbage", scenario -> {
                scenario.write(STATE_DIR + "/idmap-allocations", "sublet-idmap-allocations 1\ngarbage\nend 1\n");
                container("UserNS=auto\n").apply(scenario);
            }),
            new Case("state dir blocked", "a file where the state dir should be", scenario -> {
                scenario.write(STATE_DIR, "");
                container("UserNS=auto\n").apply(scenario);
            }),
            new Case("read-only state dir", "state dir on a read-only file system", scenario -> {
                scenario.mountTmpfs(STATE_DIR, "1m");
                ScratchTmpfs.remountReadOnly(scenario.path(STATE_DIR));
                container("UserNS=auto\n").apply(scenario);
            }),
            new Case("full disk", "state dir on a full file system", scenario -> {
                scenario.mountTmpfs(STATE_DIR, "64k");
                ScratchTmpfs.fill(scenario.path(STATE_DIR + "/filler"));
                container("UserNS=auto\n").apply(scenario);
            }));

    @Test
    void theBadInputDocumentShowsWhatTheGeneratorPrints() throws Exception {
        SystemTests.needRoot();
        StringBuilder table = new StringBuilder();
        table.append("# Bad input: what the generator says\n\n")
                .append("Generated by `BadInputTableTest` from real runs of `sublet-generator` (user mode, user alice,\n")
                .append("uid 1000, `alice:100000:65536` in /etc/subuid and /etc/subgid); do not edit by hand. Every\n")
                .append("run also has a good unit, `good.container`: the last column says whether it was still\n")
                .append("generated. Errors make the generator exit 1; warnings alone do not.\n\n")
                .append("| bad input | example | what the user sees (stderr) | exit | good.service |\n")
                .append("|---|---|---|---|---|\n");
        for (int i = 0; i < CASES.size(); i++) {
            Case badInput = CASES.get(i);
            Scenario scenario = new Scenario(i);
            String messages;
            int exit;
            boolean goodWritten;
            try {
                badInput.setup().apply(scenario);
                ByteArrayOutputStream stderr = new ByteArrayOutputStream();
                exit = generate(scenario, stderr);
                messages = stderr.toString(StandardCharsets.UTF_8).replace(scenario.root.toString(), "")
                        .replaceAll("corrupt-[0-9T.]+Z", "corrupt-TIMESTAMP");
                goodWritten = Files.exists(scenario.path("/run/user/1000/systemd/generator/good.service"));
            } finally {
                scenario.unmountAll();
            }
            assertTrue(!messages.isEmpty() || badInput.input().contains("accepted"),
                    badInput.badInput() + " produced no message");
            table.append("| ").append(badInput.badInput()).append(" | ").append(cell(badInput.input())).append(" | ")
                    .append(messages.isEmpty() ? "(nothing)" : messages.lines()
                            .map(line -> "`" + line.replace("|", "\\|").replace("`", "'") + "`")
                            .collect(Collectors.joining("<br>")))
                    .append(" | ").append(exit).append(" | ").append(goodWritten ? "written" : "NOT written")
                    .append(" |\n");
        }
        String generated = table.toString();
        if ("1".equals(System.getenv("SUBLET_UPDATE_DOCS"))) {
            Files.writeString(DOCUMENT, generated);
        }
        assertEquals(generated, Files.exists(DOCUMENT) ? Files.readString(DOCUMENT) : "",
                "docs/bad-input.md is out of date; regenerate it with SUBLET_UPDATE_DOCS=1 (see this test's javadoc)");
    }

    private static String cell(String text) {
        return text.replace("|", "\\|");
    }

    private static int generate(Scenario scenario, ByteArrayOutputStream stderr) {
        Map<String, String> env = new HashMap<>();
        env.put("SUBLET_UNIT_DIRS", scenario.path(UNIT_DIR).toString());
        env.put("SUBLET_UID", "1000");
        env.put("SUBLET_GID", "1000");
        env.put("SUBLET_USER_NAME", "alice");
        env.put("SUBLET_HOME", scenario.path("/home/alice").toString());
        env.put("SUBLET_STATE_DIR", scenario.path(STATE_DIR).toString());
        env.put("SUBLET_SUBUID_FILE", scenario.path("/etc/subuid").toString());
        env.put("SUBLET_SUBGID_FILE", scenario.path("/etc/subgid").toString());
        env.put("XDG_RUNTIME_DIR", "/run/user/1000");
        return GeneratorMain.run(List.of("--no-kmsg-log", scenario.path("/run/user/1000/systemd/generator").toString()),
                env, "sublet-user-generator", new PrintStream(new ByteArrayOutputStream()),
                new PrintStream(stderr, true, StandardCharsets.UTF_8), false, TranslatorFactory::quadlet);
    }
}
