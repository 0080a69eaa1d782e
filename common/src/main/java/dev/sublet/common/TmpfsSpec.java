package dev.sublet.common;

/**
 * A tmpfs mounted in the container: {@code DESTINATION[:OPTIONS]}, options as mount(8) takes them
 * (for example {@code rw,size=64m,mode=1777}).
 */
public record TmpfsSpec(String destination, String options) {

    public TmpfsSpec {
        if (!destination.startsWith("/")) {
            throw new IllegalArgumentException("tmpfs destination '" + destination + "' is not an absolute path");
        }
        options = options == null ? "" : options;
    }

    public static TmpfsSpec parse(String text) {
        int colon = text.indexOf(':');
        return colon < 0 ? new TmpfsSpec(text, "") : new TmpfsSpec(text.substring(0, colon), text.substring(colon + 1));
    }

    public String toArg() {
        return options.isEmpty() ? destination : destination + ":" + options;
    }
}
