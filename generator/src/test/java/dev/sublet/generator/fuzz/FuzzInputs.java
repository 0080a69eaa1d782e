package dev.sublet.generator.fuzz;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.Combinators;
import net.jqwik.api.Tuple;

/** Building blocks for the fuzzers: numbers and id-map texts with the edge cases parsers trip on. */
final class FuzzInputs {

    private FuzzInputs() {
    }

    /**
     * A fresh directory for a fuzzer's files, on /dev/shm where there is one: every try writes
     * and fsyncs an allocation state file, and on a disk those fsyncs would dominate the run time.
     */
    static Path scratchDirectory(String prefix) throws IOException {
        Path shm = Path.of("/dev/shm");
        return Files.isDirectory(shm) && Files.isWritable(shm) ? Files.createTempDirectory(shm, prefix)
                : Files.createTempDirectory(prefix);
    }

    /** A number as text: small, at the 16- and 32-bit edges, negative, too big, or not a number at all. */
    static Arbitrary<String> number() {
        return Arbitraries.frequencyOf(
                Tuple.of(5, Arbitraries.longs().between(0, 70_000).map(String::valueOf)),
                Tuple.of(3, Arbitraries.of("0", "1", "999", "1000", "1023", "1024", "65534", "65535", "65536",
                        "100000", "4294967294", "4294967295", "4294967296", "9223372036854775807",
                        "9223372036854775808", "-1", "-0")),
                Tuple.of(2, Arbitraries.longs().between(0, 1L << 33).map(String::valueOf)),
                Tuple.of(1, Arbitraries.of("", " ", "x", "1e3", "+5", " 7", "0x10", "1.5", "٣")));
    }

    /** A {@code [+ug@]C:H[:N]} id map entry as UIDMap=/GIDMap= and uidmapping= take, often malformed. */
    static Arbitrary<String> idMapSpec() {
        Arbitrary<String> flags = Arbitraries.of("", "", "", "+", "u", "g", "+u", "@", "?");
        Arbitrary<String> hostFlag = Arbitraries.of("", "", "", "@");
        Arbitrary<String> wellFormed = Combinators.combine(flags, number(), hostFlag, number(),
                Arbitraries.of(":", ":", "", "::"), number())
                .as((flag, container, at, host, colon, size) -> flag + container + ":" + at + host
                        + (colon.isEmpty() ? "" : colon + size));
        return Arbitraries.frequencyOf(Tuple.of(8, wellFormed),
                Tuple.of(1, Arbitraries.strings().withChars("0123456789:+@ugx-,").ofMaxLength(14)));
    }

    /** A UserNS= value: every mode, with valid, unknown and malformed options. */
    static Arbitrary<String> userNsValue() {
        Arbitrary<String> option = Arbitraries.oneOf(
                number().map(n -> "size=" + n),
                number().map(n -> "uid=" + n),
                number().map(n -> "gid=" + n),
                idMapSpec().map(m -> "uidmapping=" + m),
                idMapSpec().map(m -> "gidmapping=" + m),
                Arbitraries.of("", "size", "=5", "bogus=1", "size==1", "SIZE=10"));
        Arbitrary<String> options = option.list().ofMinSize(1).ofMaxSize(4).map(list -> String.join(",", list));
        Arbitrary<String> mode = Arbitraries.of("auto", "auto", "auto", "keep-id", "keep-id", "nomap", "host",
                "", "private", "Auto", "container:x", "ns:/proc/1/ns/user");
        return Arbitraries.frequencyOf(
                Tuple.of(3, mode),
                Tuple.of(5, Combinators.combine(mode, options).as((m, o) -> m + ":" + o)),
                Tuple.of(1, Arbitraries.strings().ofMaxLength(20)));
    }

    /** Lines of an /etc/subuid file for alice (uid 1000): good, other users', malformed, fragmented. */
    static Arbitrary<String> subIdFile() {
        Arbitrary<String> owner = Arbitraries.of("alice", "alice", "1000", "bob", "containers", "", "alice ", "Alice");
        Arbitrary<String> start = Arbitraries.frequencyOf(
                Tuple.of(4, Arbitraries.longs().between(100_000, 300_000).map(String::valueOf)),
                Tuple.of(2, number()));
        Arbitrary<String> count = Arbitraries.frequencyOf(
                Tuple.of(4, Arbitraries.of("65536", "1024", "2048", "1", "100000")),
                Tuple.of(2, number()));
        Arbitrary<String> line = Combinators.combine(owner, start, count).as((o, s, c) -> o + ":" + s + ":" + c);
        Arbitrary<String> odd = Arbitraries.of("", "# comment", "   ", "alice:100000", "alice:100000:65536:9",
                "alice::5", ":1:2", "alice:1:0", "alice:-5:10", "\talice:200000:10\t", "alice:0x10:5");
        Arbitrary<String> fragmented = Combinators.combine(Arbitraries.integers().between(2, 420),
                        Arbitraries.integers().between(1, 5), Arbitraries.integers().between(0, 3))
                .as(FuzzInputs::fragments);
        Arbitrary<String> anyLine = Arbitraries.frequencyOf(Tuple.of(6, line), Tuple.of(2, odd),
                Tuple.of(1, Arbitraries.strings().ofMaxLength(24)));
        return Arbitraries.frequencyOf(
                Tuple.of(6, anyLine.list().ofMaxSize(6).map(FuzzInputs::lines)),
                Tuple.of(1, fragmented));
    }

    /** {@code pieces} ranges of alice, {@code size} ids each, {@code gap} ids apart (0: adjacent). */
    private static String fragments(int pieces, int size, int gap) {
        StringBuilder text = new StringBuilder();
        for (int i = 0; i < pieces; i++) {
            text.append("alice:").append(500_000 + (long) i * (size + gap)).append(':').append(size).append('\n');
        }
        return text.toString();
    }

    private static String lines(List<String> lines) {
        return lines.isEmpty() ? "" : String.join("\n", lines) + "\n";
    }
}
