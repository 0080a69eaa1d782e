package dev.sublet.supervisor.stage;

import dev.sublet.supervisor.sys.Linux;
import java.util.ArrayList;
import java.util.List;

/**
 * mount(8)-style options split into mount(2) flags and the file system's data string, for example
 * {@code rw,size=64m,mode=1777} → flags + {@code size=64m,mode=1777}. The flags are those of
 * mount(8), each {@code noX} clearing what {@code X} sets as libmount does, and exactly those the
 * generator accepts for Tmpfs= (MountOptionsTest keeps the two lists in step).
 */
public record MountOptions(long flags, String data) {

    /** Podman's defaults for {@code --tmpfs}: rw,noexec,nosuid,nodev; the given options override them. */
    public static MountOptions forTmpfs(String options) {
        return parse("noexec,nosuid,nodev" + (options.isEmpty() ? "" : "," + options));
    }

    public static MountOptions parse(String options) {
        long flags = 0;
        List<String> data = new ArrayList<>();
        for (String option : options.split(",")) {
            switch (option) {
                case "" -> { }
                case "ro" -> flags |= Linux.MS_RDONLY;
                case "rw" -> flags &= ~Linux.MS_RDONLY;
                case "nosuid" -> flags |= Linux.MS_NOSUID;
                case "suid" -> flags &= ~Linux.MS_NOSUID;
                case "nodev" -> flags |= Linux.MS_NODEV;
                case "dev" -> flags &= ~Linux.MS_NODEV;
                case "noexec" -> flags |= Linux.MS_NOEXEC;
                case "exec" -> flags &= ~Linux.MS_NOEXEC;
                case "noatime" -> flags |= Linux.MS_NOATIME;
                case "atime" -> flags &= ~Linux.MS_NOATIME;
                case "nodiratime" -> flags |= Linux.MS_NODIRATIME;
                case "diratime" -> flags &= ~Linux.MS_NODIRATIME;
                case "relatime" -> flags |= Linux.MS_RELATIME;
                case "norelatime" -> flags &= ~Linux.MS_RELATIME;
                case "strictatime" -> flags |= Linux.MS_STRICTATIME;
                case "nostrictatime" -> flags &= ~Linux.MS_STRICTATIME;
                default -> data.add(option);
            }
        }
        return new MountOptions(flags, String.join(",", data));
    }
}
