package dev.sublet.generator.discovery;

import java.nio.file.Path;

/**
 * One directory tree the generator reads units from.
 *
 * @param dir      the top directory (walked recursively)
 * @param skipping which of its immediate subdirectories belong to someone else
 */
public record SearchRoot(Path dir, Skipping skipping) {

    /** Subdirectories of the top directory that are not ours to read. */
    public enum Skipping {
        /** Read the whole tree. */
        NOTHING,
        /** {@code /etc/containers/systemd}: its {@code users/} subtree is for users' generators. */
        USERS_SUBDIRECTORY,
        /** {@code /etc/containers/systemd/users}: numeric subdirectories are other users' (by uid). */
        NUMERIC_SUBDIRECTORIES;

        boolean skips(String childName) {
            return switch (this) {
                case NOTHING -> false;
                case USERS_SUBDIRECTORY -> childName.equals("users");
                case NUMERIC_SUBDIRECTORIES -> isNumeric(childName);
            };
        }

        private static boolean isNumeric(String name) {
            if (name.isEmpty()) {
                return false;
            }
            for (int i = 0; i < name.length(); i++) {
                if (name.charAt(i) < '0' || name.charAt(i) > '9') {
                    return false;
                }
            }
            return true;
        }
    }

    public static SearchRoot whole(Path dir) {
        return new SearchRoot(dir, Skipping.NOTHING);
    }
}
