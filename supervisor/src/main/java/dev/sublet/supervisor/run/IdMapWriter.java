package dev.sublet.supervisor.run;

import dev.sublet.common.IdMapping;
import dev.sublet.supervisor.sys.HelperProcess;
import dev.sublet.supervisor.sys.SysException;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * Writes a child's uid_map and gid_map. Root writes /proc directly; a normal user needs the setuid
 * helpers, which check the lines against /etc/subuid and /etc/subgid. gid_map goes first: once
 * uid_map is written the child's credentials change and newgidmap may no longer act on it.
 */
final class IdMapWriter {

    static final String NEWUIDMAP = "/usr/bin/newuidmap";
    static final String NEWGIDMAP = "/usr/bin/newgidmap";

    private final boolean root;

    IdMapWriter(boolean root) {
        this.root = root;
    }

    /** Fails early, before any namespace exists, if a rootless start cannot work. */
    void checkAvailable() {
        if (!root) {
            for (String helper : List.of(NEWUIDMAP, NEWGIDMAP)) {
                if (!Files.isExecutable(Path.of(helper))) {
                    throw new RunFailure(helper + " is missing: install the uidmap package to run containers as a normal user");
                }
            }
        }
    }

    void write(long pid, List<IdMapping> uidMap, List<IdMapping> gidMap) {
        if (root) {
            writeProc(pid, "gid_map", gidMap);
            writeProc(pid, "uid_map", uidMap);
        } else {
            runHelper(NEWGIDMAP, pid, gidMap, "--gidmap");
            runHelper(NEWUIDMAP, pid, uidMap, "--uidmap");
        }
    }

    private static void writeProc(long pid, String file, List<IdMapping> map) {
        StringBuilder lines = new StringBuilder();
        map.forEach(m -> lines.append(m.toProcLine()).append('\n'));
        try {
            Files.writeString(Path.of("/proc", Long.toString(pid), file), lines, StandardCharsets.US_ASCII);
        } catch (IOException e) {
            throw new RunFailure("the kernel rejected the " + file + " " + describe(map) + ": " + e.getMessage());
        }
    }

    static void runHelper(String helper, long pid, List<IdMapping> map, String option) {
        List<String> command = new ArrayList<>(List.of(helper, Long.toString(pid)));
        for (IdMapping mapping : map) {
            command.add(Long.toString(mapping.containerId()));
            command.add(Long.toString(mapping.hostId()));
            command.add(Long.toString(mapping.size()));
        }
        HelperProcess.Result result;
        try {
            result = HelperProcess.run(command);
        } catch (SysException e) {
            throw new RunFailure("cannot run " + helper + ": " + e.getMessage());
        }
        if (result.status() != 0) {
            throw new RunFailure(Path.of(helper).getFileName() + " rejected " + option + " " + describe(map)
                    + " (check /etc/sub" + (option.equals("--uidmap") ? "uid" : "gid") + "): " + result.output());
        }
    }

    private static String describe(List<IdMapping> map) {
        List<String> args = new ArrayList<>();
        map.forEach(m -> args.add(m.toArg()));
        return String.join(" ", args);
    }
}
