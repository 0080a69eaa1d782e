package dev.sublet.generator.container;

import dev.sublet.common.RunSpec;
import dev.sublet.common.TmpfsSpec;
import dev.sublet.common.VolumeSpec;
import dev.sublet.generator.unit.Entry;
import dev.sublet.generator.unit.UnitFileException;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.function.Consumer;

/**
 * Volume=, Mount= and Tmpfs=: host bind mounts and tmpfs mounts. Only host paths can be bound
 * (sublet has no volume store); every absolute source is recorded so the service gets
 * {@code RequiresMountsFor=} and does not start before the file system holding it is mounted.
 */
final class StorageTranslator {

    private static final Set<String> TMPFS_FLAGS = Set.of(
            "ro", "rw", "exec", "noexec", "suid", "nosuid", "dev", "nodev",
            "atime", "noatime", "relatime", "norelatime", "strictatime", "nostrictatime", "diratime", "nodiratime");

    private final HostPaths paths;
    private final Consumer<String> notes;

    StorageTranslator(HostPaths paths, Consumer<String> notes) {
        this.paths = paths;
        this.notes = notes;
    }

    /** Adds every Volume=, Mount= and Tmpfs= of the group to the spec, in that order. */
    void translate(ContainerGroup group, RunSpec spec, Set<String> requiresMountsFor) throws UnitFileException {
        for (Entry entry : group.all("Volume")) {
            spec.volumes().add(volume(entry, requiresMountsFor));
        }
        for (Entry entry : group.all("Mount")) {
            for (String word : ContainerGroup.split(entry)) {
                mount(entry, word, spec, requiresMountsFor);
            }
        }
        for (Entry entry : group.all("Tmpfs")) {
            spec.tmpfs().add(tmpfs(entry));
        }
    }

    /** {@code SOURCE:DESTINATION[:OPTIONS]} with options ro, rw, U, idmap (z and Z are accepted and ignored). */
    private VolumeSpec volume(Entry entry, Set<String> requiresMountsFor) throws UnitFileException {
        String[] parts = entry.value().split(":", -1);
        if (parts.length == 1) {
            throw new UnitFileException(entry, "anonymous volumes are not supported: write HOST-PATH:CONTAINER-PATH,"
                    + " or use Tmpfs= for scratch space");
        }
        if (parts.length > 3) {
            throw new UnitFileException(entry, "expected SOURCE:DESTINATION[:OPTIONS] (paths containing ':' are"
                    + " not supported)");
        }
        String source = hostSource(entry, parts[0], requiresMountsFor);
        String destination = containerPath(entry, parts[1], "destination");
        boolean readOnly = false;
        boolean chown = false;
        boolean idmap = false;
        if (parts.length == 3 && !parts[2].isEmpty()) {
            for (String option : parts[2].split(",", -1)) {
                switch (option) {
                    case "ro" -> readOnly = true;
                    case "rw" -> readOnly = false;
                    case "U" -> chown = true;
                    case "idmap" -> idmap = true;
                    case "z", "Z" -> notes.accept(note(entry, "SELinux relabel option '" + option
                            + "' ignored: sublet does not relabel files"));
                    default -> throw new UnitFileException(entry, "unsupported volume option '" + option
                            + "': sublet supports ro, rw, U, idmap (and ignores z, Z)"
                            + (option.startsWith("idmap=") ? "; idmap takes no mappings here" : ""));
                }
            }
        }
        return new VolumeSpec(source, destination, readOnly, chown, idmap);
    }

    /** One {@code --mount}-style word: {@code type=bind,...} or {@code type=tmpfs,...}. */
    private void mount(Entry entry, String text, RunSpec spec, Set<String> requiresMountsFor)
            throws UnitFileException {
        Map<String, String> options = mountOptions(entry, text);
        String type = options.remove("type");
        if (type == null) {
            throw new UnitFileException(entry, "mount '" + text + "' has no type: start it with type=bind or type=tmpfs");
        }
        switch (type) {
            case "bind" -> spec.volumes().add(bindMount(entry, options, requiresMountsFor));
            case "tmpfs" -> spec.tmpfs().add(tmpfsMount(entry, options));
            default -> throw new UnitFileException(entry, "mount type '" + type
                    + "' is not supported: sublet supports type=bind (a host path) and type=tmpfs");
        }
    }

    /** {@code DESTINATION[:OPTIONS]}, options as mount(8) takes them for tmpfs. */
    private TmpfsSpec tmpfs(Entry entry) throws UnitFileException {
        String value = entry.value();
        int colon = value.indexOf(':');
        String destination = containerPath(entry, colon < 0 ? value : value.substring(0, colon), "tmpfs destination");
        String options = colon < 0 ? "" : value.substring(colon + 1);
        if (!options.isEmpty()) {
            for (String option : options.split(",", -1)) {
                checkTmpfsOption(entry, option);
            }
        }
        return new TmpfsSpec(destination, options);
    }

    private VolumeSpec bindMount(Entry entry, Map<String, String> options, Set<String> requiresMountsFor)
            throws UnitFileException {
        String source = null;
        String destination = null;
        boolean readOnly = false;
        boolean chown = false;
        boolean idmap = false;
        for (Map.Entry<String, String> option : options.entrySet()) {
            String value = option.getValue();
            switch (option.getKey()) {
                case "source", "src" -> source = hostSource(entry, required(entry, option.getKey(), value), requiresMountsFor);
                case "destination", "dst", "target" ->
                        destination = containerPath(entry, required(entry, option.getKey(), value), "destination");
                case "ro", "readonly" -> readOnly = flag(entry, option.getKey(), value);
                case "rw" -> readOnly = !flag(entry, option.getKey(), value);
                case "U", "chown" -> chown = flag(entry, option.getKey(), value);
                case "idmap" -> {
                    if (value != null) {
                        throw unsupportedBindOption(entry, "idmap=" + value + "' (idmap takes no mappings here)");
                    }
                    idmap = true;
                }
                case "relabel", "z", "Z" -> notes.accept(note(entry, "SELinux option '" + option.getKey()
                        + "' ignored: sublet does not relabel files"));
                default -> throw unsupportedBindOption(entry, option.getKey() + "'");
            }
        }
        if (source == null || destination == null) {
            throw new UnitFileException(entry, "a bind mount needs source= and destination=");
        }
        return new VolumeSpec(source, destination, readOnly, chown, idmap);
    }

    private TmpfsSpec tmpfsMount(Entry entry, Map<String, String> options) throws UnitFileException {
        String destination = null;
        List<String> mountOptions = new ArrayList<>();
        for (Map.Entry<String, String> option : options.entrySet()) {
            String value = option.getValue();
            switch (option.getKey()) {
                case "destination", "dst", "target" ->
                        destination = containerPath(entry, required(entry, option.getKey(), value), "destination");
                case "ro", "readonly" -> mountOptions.add(flag(entry, option.getKey(), value) ? "ro" : "rw");
                case "tmpfs-size" ->
                        mountOptions.add(checked(entry, "size", required(entry, "tmpfs-size", value), TmpfsValue.SIZE));
                case "tmpfs-mode" ->
                        mountOptions.add(checked(entry, "mode", required(entry, "tmpfs-mode", value), TmpfsValue.MODE));
                default -> throw new UnitFileException(entry, "unsupported tmpfs mount option '" + option.getKey()
                        + "': sublet supports destination, ro, tmpfs-size, tmpfs-mode");
            }
        }
        if (destination == null) {
            throw new UnitFileException(entry, "a tmpfs mount needs destination=");
        }
        return new TmpfsSpec(destination, String.join(",", mountOptions));
    }

    /** @param option the option and its closing quote, plus any remark */
    private static UnitFileException unsupportedBindOption(Entry entry, String option) {
        return new UnitFileException(entry, "unsupported bind mount option '" + option
                + ": sublet supports source, destination, ro/readonly, rw, U/chown, idmap (and ignores relabel)");
    }

    /**
     * The mount word as CSV, like Podman's {@code --mount}: a field may be double-quoted to hold commas.
     * Options without {@code =} map to null; a repeated option is an error rather than a silent override.
     */
    private static Map<String, String> mountOptions(Entry entry, String text) throws UnitFileException {
        Map<String, String> options = new LinkedHashMap<>();
        for (String field : csvFields(entry, text)) {
            int eq = field.indexOf('=');
            String key = eq < 0 ? field : field.substring(0, eq);
            String value = eq < 0 ? null : field.substring(eq + 1);
            if (key.isEmpty()) {
                throw new UnitFileException(entry, "mount '" + text + "' has an empty option");
            }
            if (options.containsKey(key)) {
                throw new UnitFileException(entry, "mount '" + text + "' sets '" + key + "' twice");
            }
            options.put(key, value);
        }
        return options;
    }

    private static List<String> csvFields(Entry entry, String text) throws UnitFileException {
        List<String> fields = new ArrayList<>();
        StringBuilder field = new StringBuilder();
        boolean quoted = false;
        for (int i = 0; i < text.length(); i++) {
            char c = text.charAt(i);
            if (c == '"') {
                if (quoted && i + 1 < text.length() && text.charAt(i + 1) == '"') {
                    field.append('"');
                    i++;
                } else {
                    quoted = !quoted;
                }
            } else if (c == ',' && !quoted) {
                fields.add(field.toString());
                field.setLength(0);
            } else {
                field.append(c);
            }
        }
        if (quoted) {
            throw new UnitFileException(entry, "mount '" + text + "' has an unterminated double quote");
        }
        fields.add(field.toString());
        return fields;
    }

    /** A host path for a bind: absolute, ./relative to the unit file, or starting with a directory specifier. */
    private String hostSource(Entry entry, String source, Set<String> requiresMountsFor) throws UnitFileException {
        if (source.isEmpty()) {
            throw new UnitFileException(entry, "the source is empty: give a host path");
        }
        if (!source.startsWith("/") && !source.startsWith(".") && !source.startsWith("%")) {
            throw new UnitFileException(entry, "'" + source + "' looks like a named volume, and named volumes are not"
                    + " supported (sublet has no volume store): use an absolute host path, or ./PATH relative to the"
                    + " unit file");
        }
        String absolute = paths.absolute(entry, source, "source");
        requiresMountsFor.add(absolute);
        return absolute;
    }

    private static String containerPath(Entry entry, String path, String what) throws UnitFileException {
        if (!path.startsWith("/")) {
            throw new UnitFileException(entry, "the " + what + " '" + path + "' must be an absolute path inside the"
                    + " container");
        }
        return path;
    }

    private static String required(Entry entry, String option, String value) throws UnitFileException {
        if (value == null || value.isEmpty()) {
            throw new UnitFileException(entry, "mount option '" + option + "' needs a value");
        }
        return value;
    }

    /** {@code ro} alone means true; {@code ro=false} is allowed, as Podman allows it. */
    private static boolean flag(Entry entry, String option, String value) throws UnitFileException {
        if (value == null) {
            return true;
        }
        return ContainerGroup.parseBoolean(entry, value, "mount option '" + option + "'");
    }

    /** The shapes a tmpfs option's value may have. */
    private enum TmpfsValue {
        SIZE("bytes with an optional k, m, g or % suffix, such as 64m"),
        MODE("octal permissions such as 1777"),
        NUMBER("a number");

        private final String expected;

        TmpfsValue(String expected) {
            this.expected = expected;
        }

        boolean accepts(String value) {
            return this == SIZE ? Syntax.isTmpfsSize(value)
                    : this == MODE ? Syntax.isOctalMode(value) : Syntax.isNumber(value);
        }
    }

    private static String checked(Entry entry, String name, String value, TmpfsValue format)
            throws UnitFileException {
        if (!format.accepts(value)) {
            throw new UnitFileException(entry, "tmpfs " + name + " '" + value + "' is malformed: give "
                    + format.expected);
        }
        return name + "=" + value;
    }

    private static void checkTmpfsOption(Entry entry, String option) throws UnitFileException {
        int eq = option.indexOf('=');
        if (eq < 0) {
            if (!TMPFS_FLAGS.contains(option)) {
                throw new UnitFileException(entry, "unsupported tmpfs option '" + option + "': use " + String.join(", ",
                        new TreeSet<>(TMPFS_FLAGS)) + ", size=, mode=, uid=, gid=, nr_inodes=, nr_blocks=");
            }
            return;
        }
        String name = option.substring(0, eq);
        String value = option.substring(eq + 1);
        switch (name) {
            case "size" -> checked(entry, "size", value, TmpfsValue.SIZE);
            case "mode" -> checked(entry, "mode", value, TmpfsValue.MODE);
            case "uid", "gid", "nr_inodes", "nr_blocks" -> checked(entry, name, value, TmpfsValue.NUMBER);
            default -> throw new UnitFileException(entry, "unsupported tmpfs option '" + option
                    + "': use size=, mode=, uid=, gid=, nr_inodes=, nr_blocks= or a mount flag such as ro or noexec");
        }
    }

    private static String note(Entry entry, String text) {
        return entry.location() + ": " + entry.key() + ": note: " + text;
    }
}
