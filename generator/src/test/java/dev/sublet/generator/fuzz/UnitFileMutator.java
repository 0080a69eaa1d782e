package dev.sublet.generator.fuzz;

import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Random;

/**
 * Mutates valid unit files the ways that hurt a lexer and a translator: deleted, duplicated and
 * inserted characters and lines, random keys and values, continuation and quoting edge cases, a
 * BOM and CRLF in odd places, invalid UTF-8, truncation. Deterministic for a given seed, so
 * jqwik can replay and shrink a failure through the seed.
 */
final class UnitFileMutator {

    /** Keys the translator knows, Quadlet keys it rejects, Podman-only keys and misspellings. */
    static final List<String> KEYS = List.of("ContainerName", "Rootfs", "Image", "Exec", "Entrypoint", "User",
            "Group", "UserNS", "UIDMap", "GIDMap", "SubUIDMap", "SubGIDMap", "Volume", "Mount", "Tmpfs",
            "Environment", "EnvironmentFile", "EnvironmentHost", "WorkingDir", "HostName", "Network",
            "AddCapability", "DropCapability", "NoNewPrivileges", "ReadOnly", "ReadOnlyTmpfs", "Notify",
            "StopSignal", "StopTimeout", "Timezone", "Ulimit", "Annotation", "Label", "RunInit", "ServiceName",
            "PodmanArgs", "PublishPort", "Pod", "rootfs", "Volumes", "X-Foo", "Requires", "After", "WantedBy",
            "Alias", "DefaultInstance", "Description", "Restart", "ExecStart", "");

    private static final List<String> SECTIONS = List.of("[Container]", "[Unit]", "[Service]", "[Install]",
            "[container]", "[X-Other]", "[", "[]", "[Container");

    private static final List<String> VALUES = List.of("", " ", "/srv/web", "%h/rootfs", "./data:/data:ro,U",
            "/a:/b:idmap,Z", "../x:/y", "%x/bad", "auto", "auto:size=2048", "keep-id:uid=1000", "nomap",
            "0:1:1024", "+0:@1000:1", "u0:1:65536", "type=tmpfs,destination=/run", "type=bind,src=/a,dst=/b,ro",
            "/tmp:rw,size=1m", "A=1 \"B=two words\" 'C=3'", "\"unterminated", "'", "\\", "a\\\\b", "\\x41\\u00e9",
            "SIGTERM", "KILL", "99999999999999999999", "-1", "yes", "no", "healthy", "nofile=1024:2048", "core=-1",
            "CAP_NET_ADMIN all", "Europe/Berlin", "local", "../../etc", "web.container", "x.service", "%n %i %%",
            "/bin/sh -c 'echo \"hi\"; exit 0'", "é漢字", "=", "a=b=c", "none", "host", "bridge");

    private static final List<String> SNIPPETS = List.of("\\", "\\\n", "\n", "\r\n", "\r", "=", "[", "]", "#", ";",
            "\"", "'", "%", " ", "\t", ":", "@", ",", "$", "é", "\uFEFF", "\\\n#c\n", "\\\n\n", " \\ \n");

    private static final byte[][] BAD_UTF8 = {{(byte) 0xff}, {(byte) 0xc3}, {(byte) 0xc0, (byte) 0x80},
            {(byte) 0xed, (byte) 0xa0, (byte) 0x80}, {(byte) 0xf4, (byte) 0x90, (byte) 0x80, (byte) 0x80}};

    private final Random random;

    UnitFileMutator(long seed) {
        this.random = new Random(seed);
    }

    /** {@code seed} with 1 to 4 mutations; the result may be invalid UTF-8, hence bytes. */
    byte[] mutate(String seed) {
        byte[] bytes = seed.getBytes(StandardCharsets.UTF_8);
        int mutations = 1 + random.nextInt(4);
        for (int i = 0; i < mutations; i++) {
            bytes = mutateOnce(bytes);
        }
        return bytes;
    }

    /** A drop-in: a section header and a few random entries, or a mutation of {@code seed}. */
    byte[] dropIn(String seed) {
        if (random.nextBoolean()) {
            return mutate(seed);
        }
        StringBuilder text = new StringBuilder(pick(SECTIONS)).append('\n');
        for (int i = random.nextInt(4); i >= 0; i--) {
            text.append(randomLine()).append('\n');
        }
        return random.nextInt(5) == 0 ? mutate(text.toString()) : text.toString().getBytes(StandardCharsets.UTF_8);
    }

    private byte[] mutateOnce(byte[] bytes) {
        int at = bytes.length == 0 ? 0 : random.nextInt(bytes.length + 1);
        return switch (random.nextInt(9)) {
            case 0 -> splice(bytes, at, Math.min(bytes.length, at + 1 + random.nextInt(8)), new byte[0]);
            case 1 -> splice(bytes, at, at, utf8(pick(SNIPPETS)));
            case 2 -> splice(bytes, lineStart(bytes, at), lineStart(bytes, at), utf8(randomLine() + "\n"));
            case 3 -> duplicateLine(bytes, at);
            case 4 -> splice(bytes, lineStart(bytes, at), lineStart(bytes, at), utf8(pick(SECTIONS) + "\n"));
            case 5 -> splice(bytes, at, at, BAD_UTF8[random.nextInt(BAD_UTF8.length)]);
            case 6 -> splice(bytes, at, bytes.length, new byte[0]);
            case 7 -> replaceValue(bytes, at);
            default -> splice(bytes, at, at, utf8(pick(KEYS) + "=" + pick(VALUES)));
        };
    }

    private String randomLine() {
        String separator = switch (random.nextInt(4)) {
            case 0 -> " = ";
            case 1 -> "=\\\n  ";
            default -> "=";
        };
        return pick(KEYS) + separator + pick(VALUES);
    }

    private byte[] duplicateLine(byte[] bytes, int at) {
        int start = lineStart(bytes, at);
        int end = start;
        while (end < bytes.length && bytes[end] != '\n') {
            end++;
        }
        byte[] line = new byte[Math.min(bytes.length, end + 1) - start];
        System.arraycopy(bytes, start, line, 0, line.length);
        return splice(bytes, start, start, line);
    }

    private byte[] replaceValue(byte[] bytes, int at) {
        int start = lineStart(bytes, at);
        int equals = start;
        while (equals < bytes.length && bytes[equals] != '=' && bytes[equals] != '\n') {
            equals++;
        }
        if (equals >= bytes.length || bytes[equals] != '=') {
            return bytes;
        }
        int end = equals;
        while (end < bytes.length && bytes[end] != '\n') {
            end++;
        }
        return splice(bytes, equals + 1, end, utf8(pick(VALUES)));
    }

    private static int lineStart(byte[] bytes, int at) {
        int start = Math.min(at, bytes.length);
        while (start > 0 && bytes[start - 1] != '\n') {
            start--;
        }
        return start;
    }

    private static byte[] splice(byte[] bytes, int from, int to, byte[] insert) {
        ByteArrayOutputStream out = new ByteArrayOutputStream(bytes.length + insert.length);
        out.write(bytes, 0, from);
        out.writeBytes(insert);
        out.write(bytes, to, bytes.length - to);
        return out.toByteArray();
    }

    private String pick(List<String> choices) {
        return choices.get(random.nextInt(choices.size()));
    }

    private static byte[] utf8(String text) {
        return text.getBytes(StandardCharsets.UTF_8);
    }
}
