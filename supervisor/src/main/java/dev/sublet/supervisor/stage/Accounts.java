package dev.sublet.supervisor.stage;

import java.util.ArrayList;
import java.util.List;

/**
 * The container's /etc/passwd and /etc/group (the rootfs's files plus any added entries), and the
 * lookup of {@code User=}/{@code Group=} in them, following Podman: a numeric user need not exist
 * (group 0, home /), a name must; the primary group comes from passwd unless a group is given;
 * supplementary groups are those that list the user's name.
 */
public final class Accounts {

    private final List<String[]> passwd;
    private final List<String[]> group;

    public Accounts(List<String> passwdLines, List<String> groupLines) {
        this.passwd = fields(passwdLines, 7);
        this.group = fields(groupLines, 4);
    }

    /** Resolves the container user; {@code user} and {@code group} may be null, names or numbers. */
    public ContainerUser resolve(String user, String groupSpec) {
        String userText = user == null || user.isEmpty() ? "0" : user;
        String[] entry = find(passwd, userText);
        int uid;
        int gid;
        String home;
        String name;
        if (entry != null) {
            uid = parseId(entry[2], "/etc/passwd entry of " + entry[0]);
            gid = parseId(entry[3], "/etc/passwd entry of " + entry[0]);
            home = entry[5].isEmpty() ? "/" : entry[5];
            name = entry[0];
        } else if (isNumber(userText)) {
            uid = parseId(userText, "user");
            gid = 0;
            home = "/";
            name = null;
        } else {
            throw new StageFailure("user '" + userText + "' not found in the container's /etc/passwd");
        }
        if (groupSpec != null && !groupSpec.isEmpty()) {
            gid = groupId(groupSpec);
        }
        return new ContainerUser(uid, gid, supplementaryGroups(name, gid), home);
    }

    private int groupId(String groupSpec) {
        String[] entry = find(group, groupSpec);
        if (entry != null) {
            return parseId(entry[2], "/etc/group entry of " + entry[0]);
        }
        if (isNumber(groupSpec)) {
            return parseId(groupSpec, "group");
        }
        throw new StageFailure("group '" + groupSpec + "' not found in the container's /etc/group");
    }

    private int[] supplementaryGroups(String name, int primary) {
        List<Integer> ids = new ArrayList<>();
        ids.add(primary);
        if (name != null) {
            for (String[] entry : group) {
                for (String member : entry[3].split(",")) {
                    if (member.equals(name) && isNumber(entry[2])) {
                        int id = Integer.parseUnsignedInt(entry[2]);
                        if (!ids.contains(id)) {
                            ids.add(id);
                        }
                    }
                }
            }
        }
        return ids.stream().mapToInt(Integer::intValue).toArray();
    }

    /** By name first, then by number, as getpwnam/getpwuid would be tried. */
    private static String[] find(List<String[]> entries, String key) {
        for (String[] entry : entries) {
            if (entry[0].equals(key)) {
                return entry;
            }
        }
        if (isNumber(key)) {
            for (String[] entry : entries) {
                if (entry[2].equals(key)) {
                    return entry;
                }
            }
        }
        return null;
    }

    private static List<String[]> fields(List<String> lines, int count) {
        List<String[]> entries = new ArrayList<>();
        for (String line : lines) {
            if (line.isBlank() || line.startsWith("#")) {
                continue;
            }
            String[] parts = line.split(":", -1);
            if (parts.length >= count - 1) {
                entries.add(java.util.Arrays.copyOf(parts, count));
            }
        }
        for (String[] entry : entries) {
            for (int i = 0; i < entry.length; i++) {
                entry[i] = entry[i] == null ? "" : entry[i];
            }
        }
        return entries;
    }

    private static boolean isNumber(String text) {
        return !text.isEmpty() && text.chars().allMatch(Character::isDigit);
    }

    private static int parseId(String text, String where) {
        try {
            long id = Long.parseLong(text);
            if (id < 0 || id >= 4294967295L) {
                throw new NumberFormatException();
            }
            return (int) id;
        } catch (NumberFormatException e) {
            throw new StageFailure(where + ": '" + text + "' is not a valid id");
        }
    }
}
