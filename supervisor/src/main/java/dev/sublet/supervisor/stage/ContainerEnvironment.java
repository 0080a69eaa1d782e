package dev.sublet.supervisor.stage;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Assembles the payload's environment in Podman's order, later sources winning: defaults (PATH,
 * container, HOSTNAME, HOME), the host's environment with {@code EnvironmentHost=}, the
 * {@code EnvironmentFile=}s in order, then {@code Environment=}. The supervisor's NOTIFY_SOCKET
 * never leaks in; with {@code Notify=yes} the container's own path to it is set instead.
 */
public final class ContainerEnvironment {

    public static final String DEFAULT_PATH = "/usr/local/sbin:/usr/local/bin:/usr/sbin:/usr/bin:/sbin:/bin";

    private final Map<String, String> variables = new LinkedHashMap<>();

    public ContainerEnvironment(String hostName, String home) {
        variables.put("PATH", DEFAULT_PATH);
        variables.put("container", "sublet");
        variables.put("HOSTNAME", hostName);
        variables.put("HOME", home);
    }

    public ContainerEnvironment addHost(Map<String, String> host) {
        host.forEach(variables::put);
        variables.remove("NOTIFY_SOCKET");
        return this;
    }

    /**
     * Adds an env file's lines: {@code KEY=VALUE}, blank lines and {@code #} comments skipped, a bare
     * {@code KEY} takes the host's value (or is skipped if the host has none).
     */
    public ContainerEnvironment addFile(String file, List<String> lines, Map<String, String> host) {
        for (int i = 0; i < lines.size(); i++) {
            String line = lines.get(i).strip();
            if (line.isEmpty() || line.startsWith("#")) {
                continue;
            }
            int eq = line.indexOf('=');
            String key = eq < 0 ? line : line.substring(0, eq);
            if (key.isEmpty() || key.chars().anyMatch(Character::isWhitespace)) {
                throw new StageFailure(file + ":" + (i + 1) + ": '" + line + "' is not KEY=VALUE");
            }
            if (eq >= 0) {
                variables.put(key, line.substring(eq + 1));
            } else if (host.containsKey(key)) {
                variables.put(key, host.get(key));
            }
        }
        return this;
    }

    /** {@code KEY=VALUE} assignments from the command line. */
    public ContainerEnvironment addAssignments(List<String> assignments) {
        for (String assignment : assignments) {
            int eq = assignment.indexOf('=');
            variables.put(assignment.substring(0, eq), assignment.substring(eq + 1));
        }
        return this;
    }

    public ContainerEnvironment notifySocket(String path) {
        variables.put("NOTIFY_SOCKET", path);
        return this;
    }

    public String get(String key) {
        return variables.get(key);
    }

    public Map<String, String> asMap() {
        return Map.copyOf(variables);
    }

    /** The execve(2) form, {@code KEY=VALUE} strings in insertion order. */
    public String[] toEnvp() {
        String[] envp = new String[variables.size()];
        int i = 0;
        for (Map.Entry<String, String> variable : variables.entrySet()) {
            envp[i++] = variable.getKey() + "=" + variable.getValue();
        }
        return envp;
    }
}
