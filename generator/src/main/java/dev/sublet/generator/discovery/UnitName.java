package dev.sublet.generator.discovery;

import dev.sublet.generator.unit.Entry;
import dev.sublet.generator.unit.UnitFileException;
import java.nio.file.Path;

/**
 * The name of a {@code .container} file and the service it becomes: {@code web.container} →
 * {@code web.service}, the template {@code foo@.container} → {@code foo@.service}, the instance
 * {@code foo@inst.container} → {@code foo@inst.service}.
 *
 * @param fileName e.g. {@code foo@inst.container}
 * @param prefix   the part before {@code @} (or the whole base name), e.g. {@code foo}
 * @param instance the part after {@code @}: null for a plain unit, empty for a template
 */
public record UnitName(String fileName, String prefix, String instance) {

    public static final String EXTENSION = ".container";
    private static final String SERVICE_SUFFIX = ".service";
    private static final int MAX_UNIT_NAME_LENGTH = 255;

    /** Parses a file name ending in {@code .container}; {@code file} only names the error. */
    public static UnitName parse(Path file) throws UnitFileException {
        String fileName = file.getFileName().toString();
        String base = fileName.substring(0, fileName.length() - EXTENSION.length());
        if (base.isEmpty() || !isValidUnitName(base + SERVICE_SUFFIX) || base.startsWith("@")) {
            throw new UnitFileException(file, 0, null, "'" + fileName + "' does not make a valid unit name:"
                    + " use letters, digits and \":-_.\\\", at most one '@' part, e.g. web.container");
        }
        int at = base.indexOf('@');
        return at < 0
                ? new UnitName(fileName, base, null)
                : new UnitName(fileName, base.substring(0, at), base.substring(at + 1));
    }

    /** {@code foo@.container}: not started itself, only through instances. */
    public boolean isTemplate() {
        return instance != null && instance.isEmpty();
    }

    /** {@code foo@.container} or {@code foo@inst.container}. */
    public boolean isTemplateOrInstance() {
        return instance != null;
    }

    public String defaultServiceName() {
        return serviceNameFor(prefix);
    }

    /**
     * The service name after an optional {@code ServiceName=} override. For a template or an
     * instance the override names the template part and must end with {@code @}
     * ({@code ServiceName=app@} makes {@code app@inst.service}).
     */
    public String serviceName(Entry override) throws UnitFileException {
        if (override == null || override.value().isEmpty()) { // an empty assignment resets to the default
            return defaultServiceName();
        }
        String name = override.value();
        if (name.endsWith(SERVICE_SUFFIX)) {
            name = name.substring(0, name.length() - SERVICE_SUFFIX.length());
        }
        if (isTemplateOrInstance()) {
            if (!name.endsWith("@") || name.indexOf('@') != name.length() - 1) {
                throw new UnitFileException(override,
                        "the ServiceName= of a template or instance must end with its only '@', e.g. ServiceName=app@");
            }
            name = name.substring(0, name.length() - 1);
        } else if (name.indexOf('@') >= 0) {
            throw new UnitFileException(override,
                    "'@' makes a template name; name the file foo@.container to write a template");
        }
        String service = serviceNameFor(name);
        if (name.isEmpty() || !isValidUnitName(service)) {
            throw new UnitFileException(override, "'" + override.value()
                    + "' is not a valid unit name: use letters, digits and \":-_.\\\"");
        }
        return service;
    }

    private String serviceNameFor(String servicePrefix) {
        return instance == null
                ? servicePrefix + SERVICE_SUFFIX
                : servicePrefix + "@" + instance + SERVICE_SUFFIX;
    }

    /** systemd's unit name rule: letters, digits, {@code :-_.\@}, not starting with '.', at most 255 characters. */
    public static boolean isValidUnitName(String name) {
        if (name.isEmpty() || name.length() > MAX_UNIT_NAME_LENGTH || name.charAt(0) == '.') {
            return false;
        }
        int dot = name.lastIndexOf('.');
        if (dot <= 0 || dot == name.length() - 1) {
            return false;
        }
        for (int i = 0; i < name.length(); i++) {
            char c = name.charAt(i);
            boolean allowed = (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9')
                    || c == ':' || c == '-' || c == '_' || c == '.' || c == '\\' || c == '@';
            if (!allowed) {
                return false;
            }
        }
        return true;
    }
}
