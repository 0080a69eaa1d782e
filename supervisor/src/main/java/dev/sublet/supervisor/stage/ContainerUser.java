package dev.sublet.supervisor.stage;

/** The identity the payload runs as, in the container's id space. */
public record ContainerUser(int uid, int gid, int[] supplementaryGroups, String home) {
}
