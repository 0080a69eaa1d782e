package dev.sublet.cli;

import java.time.Duration;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.freedesktop.dbus.types.Variant;

/** One container's properties as the CLI received them (GetAll), with the renderings ps and inspect need. */
final class ContainerView {

    private final Map<String, Variant<?>> properties;

    ContainerView(Map<String, Variant<?>> properties) {
        this.properties = properties;
    }

    String text(String property) {
        Object value = raw(property);
        return value == null ? "" : value.toString();
    }

    long number(String property) {
        return raw(property) instanceof Number n ? n.longValue() : 0;
    }

    List<String> strings(String property) {
        List<String> strings = new ArrayList<>();
        if (raw(property) instanceof List<?> list) {
            list.forEach(item -> strings.add(String.valueOf(item)));
        }
        return strings;
    }

    /** The host ids a map covers, merged and sorted: {@code 1000,100000-165535}. */
    String hostRanges(String mapProperty) {
        List<long[]> ranges = new ArrayList<>();
        for (IdRangeValue line : idRanges(mapProperty)) {
            ranges.add(new long[] {line.hostId(), line.hostId() + line.size()});
        }
        ranges.sort(Comparator.comparingLong(r -> r[0]));
        List<long[]> merged = new ArrayList<>();
        for (long[] range : ranges) {
            long[] last = merged.isEmpty() ? null : merged.get(merged.size() - 1);
            if (last != null && range[0] <= last[1]) {
                last[1] = Math.max(last[1], range[1]);
            } else {
                merged.add(range.clone());
            }
        }
        List<String> parts = new ArrayList<>();
        for (long[] range : merged) {
            parts.add(range[1] - range[0] == 1 ? Long.toString(range[0]) : range[0] + "-" + (range[1] - 1));
        }
        return parts.isEmpty() ? "-" : String.join(",", parts);
    }

    /** Time since StartedAt while running, else {@code -}. */
    String uptime(long nowMillis) {
        long startedMicros = number("StartedAt");
        if (startedMicros == 0 || !"running".equals(text("State"))) {
            return "-";
        }
        return humanDuration(Duration.ofMillis(Math.max(0, nowMillis - startedMicros / 1000)));
    }

    static String humanDuration(Duration duration) {
        long seconds = duration.toSeconds();
        if (seconds < 60) {
            return seconds + "s";
        }
        if (seconds < 3600) {
            return String.format("%dm%02ds", seconds / 60, seconds % 60);
        }
        if (seconds < 86400) {
            return String.format("%dh%02dm", seconds / 3600, seconds % 3600 / 60);
        }
        return String.format("%dd%02dh", seconds / 86400, seconds % 86400 / 3600);
    }

    /** All properties for JSON; id maps become objects so they read like podman's IDMappings. */
    Map<String, Object> toJson() {
        Map<String, Object> json = new LinkedHashMap<>();
        properties.forEach((name, variant) -> json.put(name, variant.getValue()));
        for (String map : List.of("UidMap", "GidMap")) {
            if (json.containsKey(map)) {
                List<Map<String, Long>> lines = new ArrayList<>();
                for (IdRangeValue line : idRanges(map)) {
                    Map<String, Long> object = new LinkedHashMap<>();
                    object.put("ContainerID", line.containerId());
                    object.put("HostID", line.hostId());
                    object.put("Size", line.size());
                    lines.add(object);
                }
                json.put(map, lines);
            }
        }
        return json;
    }

    private record IdRangeValue(long containerId, long hostId, long size) {
    }

    /** dbus-java hands a(ttt) out as a list of Object[3]. */
    private List<IdRangeValue> idRanges(String property) {
        List<IdRangeValue> lines = new ArrayList<>();
        if (raw(property) instanceof List<?> list) {
            for (Object item : list) {
                if (item instanceof Object[] fields && fields.length == 3) {
                    lines.add(new IdRangeValue(((Number) fields[0]).longValue(), ((Number) fields[1]).longValue(),
                            ((Number) fields[2]).longValue()));
                }
            }
        }
        return lines;
    }

    private Object raw(String property) {
        Variant<?> variant = properties.get(property);
        return variant == null ? null : variant.getValue();
    }
}
