package dev.sublet.generator.userns;

import dev.sublet.common.IdMapping;
import dev.sublet.generator.unit.Entry;
import dev.sublet.generator.unit.UnitFileException;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;

/**
 * A parsed {@code UserNS=} value: {@code host} (or empty/unset), {@code nomap},
 * {@code keep-id[:uid=U,gid=G,size=N]} or {@code auto[:size=N,uidmapping=C:H:N,gidmapping=C:H:N]}.
 */
record UserNsMode(Kind kind, Long uid, Long gid, Long size, List<String> uidMappings,
        List<String> gidMappings) {

    enum Kind { HOST, NOMAP, KEEP_ID, AUTO }

    private static final Set<String> KEEP_ID_OPTIONS = Set.of("uid", "gid", "size");
    private static final Set<String> AUTO_OPTIONS = Set.of("size", "uidmapping", "gidmapping");

    static final UserNsMode HOST = new UserNsMode(Kind.HOST, null, null, null, List.of(), List.of());

    static UserNsMode parse(Entry entry) throws UnitFileException {
        if (entry == null || entry.value().isBlank()) {
            return HOST;
        }
        String value = entry.value().strip();
        int colon = value.indexOf(':');
        String name = colon < 0 ? value : value.substring(0, colon);
        String options = colon < 0 ? null : value.substring(colon + 1);
        switch (name) {
            case "host":
            case "nomap":
                if (options != null) {
                    throw new UnitFileException(entry, "UserNS=" + name + " takes no options");
                }
                return name.equals("host") ? HOST
                        : new UserNsMode(Kind.NOMAP, null, null, null, List.of(), List.of());
            case "keep-id":
                return withOptions(entry, Kind.KEEP_ID, options, KEEP_ID_OPTIONS);
            case "auto":
                return withOptions(entry, Kind.AUTO, options, AUTO_OPTIONS);
            default:
                throw new UnitFileException(entry, "unsupported user namespace mode '" + name
                        + "'; use host, keep-id, nomap or auto (or UIDMap=/GIDMap=/SubUIDMap=)");
        }
    }

    private static UserNsMode withOptions(Entry entry, Kind kind, String options, Set<String> allowed)
            throws UnitFileException {
        Long uid = null;
        Long gid = null;
        Long size = null;
        List<String> uidMappings = new ArrayList<>();
        List<String> gidMappings = new ArrayList<>();
        String mode = kind == Kind.AUTO ? "auto" : "keep-id";
        if (options != null) {
            for (String option : options.split(",", -1)) {
                int equals = option.indexOf('=');
                if (equals <= 0) {
                    throw new UnitFileException(entry, "malformed option '" + option + "' in UserNS="
                            + mode + "; options are KEY=VALUE separated by commas");
                }
                String key = option.substring(0, equals);
                String value = option.substring(equals + 1);
                if (!allowed.contains(key)) {
                    throw new UnitFileException(entry, "unknown option '" + key + "' in UserNS=" + mode
                            + "; valid options are " + String.join(", ", allowed.stream().sorted().toList()));
                }
                switch (key) {
                    case "uid" -> uid = number(entry, mode, key, value, 0);
                    case "gid" -> gid = number(entry, mode, key, value, 0);
                    case "size" -> size = number(entry, mode, key, value, 1);
                    case "uidmapping" -> uidMappings.add(value);
                    default -> gidMappings.add(value);
                }
            }
        }
        return new UserNsMode(kind, uid, gid, size, List.copyOf(uidMappings), List.copyOf(gidMappings));
    }

    private static long number(Entry entry, String mode, String key, String value, long minimum)
            throws UnitFileException {
        try {
            long number = Long.parseLong(value);
            if (number >= minimum && number < IdMapping.MAX_ID) {
                return number;
            }
        } catch (NumberFormatException e) {
            // reported below
        }
        throw new UnitFileException(entry, "malformed option '" + key + "=" + value + "' in UserNS="
                + mode + "; expected a number from " + minimum + " to "
                + (IdMapping.MAX_ID - 1));
    }
}
