package dev.sublet.common;

import java.util.ArrayList;
import java.util.List;

/**
 * A bind mount of a host path into the container: {@code SOURCE:DESTINATION[:OPTIONS]} where the
 * options are a comma list of {@code ro}, {@code rw}, {@code U} (chown the source to the container's
 * user as mapped) and {@code idmap} (an idmapped mount). Both paths are absolute.
 */
public record VolumeSpec(String source, String destination, boolean readOnly, boolean chown, boolean idmap) {

    public VolumeSpec {
        if (!source.startsWith("/")) {
            throw new IllegalArgumentException("volume source '" + source + "' is not an absolute path");
        }
        if (!destination.startsWith("/")) {
            throw new IllegalArgumentException("volume destination '" + destination + "' is not an absolute path");
        }
    }

    public static VolumeSpec parse(String text) {
        String[] parts = text.split(":", -1);
        if (parts.length < 2 || parts.length > 3) {
            throw new IllegalArgumentException("volume '" + text + "' is not SOURCE:DESTINATION[:OPTIONS]");
        }
        boolean readOnly = false;
        boolean chown = false;
        boolean idmap = false;
        if (parts.length == 3 && !parts[2].isEmpty()) {
            for (String option : parts[2].split(",")) {
                switch (option) {
                    case "ro" -> readOnly = true;
                    case "rw" -> readOnly = false;
                    case "U" -> chown = true;
                    case "idmap" -> idmap = true;
                    default -> throw new IllegalArgumentException(
                            "volume '" + text + "': unknown option '" + option + "' (known: ro, rw, U, idmap)");
                }
            }
        }
        return new VolumeSpec(parts[0], parts[1], readOnly, chown, idmap);
    }

    public String toArg() {
        List<String> options = new ArrayList<>();
        if (readOnly) {
            options.add("ro");
        }
        if (chown) {
            options.add("U");
        }
        if (idmap) {
            options.add("idmap");
        }
        return source + ":" + destination + (options.isEmpty() ? "" : ":" + String.join(",", options));
    }
}
