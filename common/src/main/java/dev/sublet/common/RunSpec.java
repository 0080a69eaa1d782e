package dev.sublet.common;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Everything {@code sublet run} needs to start one container. This is the contract between the
 * generator (which writes it as the {@code ExecStart=} command line) and the supervisor (which parses
 * it back); {@link RunArguments} is the one codec both halves use, so the two cannot drift apart.
 * Id maps are always concrete here: the supervisor never resolves {@code UserNS=auto} itself.
 */
public final class RunSpec {

    /** Network modes sublet implements; {@code host} shares the host's network namespace. */
    public enum Network { HOST, NONE }

    private String name;
    private String unit;
    private String rootfs;
    private final List<IdMapping> uidMaps = new ArrayList<>();
    private final List<IdMapping> gidMaps = new ArrayList<>();
    private String user;
    private String group;
    private final List<String> passwdEntries = new ArrayList<>();
    private final List<String> groupEntries = new ArrayList<>();
    private final List<VolumeSpec> volumes = new ArrayList<>();
    private final List<TmpfsSpec> tmpfs = new ArrayList<>();
    private final List<String> environment = new ArrayList<>();
    private final List<String> environmentFiles = new ArrayList<>();
    private boolean environmentHost;
    private String workingDir;
    private String hostName;
    private Network network = Network.HOST;
    private final List<String> addCapabilities = new ArrayList<>();
    private final List<String> dropCapabilities = new ArrayList<>();
    private boolean noNewPrivileges = true;
    private boolean readOnly;
    private boolean readOnlyTmpfs = true;
    private String stopSignal = "SIGTERM";
    private int stopTimeoutSeconds = 10;
    private String timezone;
    private final List<String> ulimits = new ArrayList<>();
    private final Map<String, String> labels = new LinkedHashMap<>();
    private final Map<String, String> annotations = new LinkedHashMap<>();
    private boolean init;
    private boolean notifyFromContainer;
    private final List<String> command = new ArrayList<>();

    public String name() { return name; }
    public RunSpec name(String value) { name = value; return this; }
    public String unit() { return unit; }
    public RunSpec unit(String value) { unit = value; return this; }
    public String rootfs() { return rootfs; }
    public RunSpec rootfs(String value) { rootfs = value; return this; }
    public List<IdMapping> uidMaps() { return uidMaps; }
    public List<IdMapping> gidMaps() { return gidMaps; }
    public String user() { return user; }
    public RunSpec user(String value) { user = value; return this; }
    public String group() { return group; }
    public RunSpec group(String value) { group = value; return this; }
    /** Lines added to the container's /etc/passwd (keep-id adds the host user), without touching the rootfs. */
    public List<String> passwdEntries() { return passwdEntries; }
    /** Lines added to the container's /etc/group. */
    public List<String> groupEntries() { return groupEntries; }
    public List<VolumeSpec> volumes() { return volumes; }
    public List<TmpfsSpec> tmpfs() { return tmpfs; }
    /** {@code KEY=VALUE} assignments, in order; later ones win. */
    public List<String> environment() { return environment; }
    public List<String> environmentFiles() { return environmentFiles; }
    public boolean environmentHost() { return environmentHost; }
    public RunSpec environmentHost(boolean value) { environmentHost = value; return this; }
    public String workingDir() { return workingDir; }
    public RunSpec workingDir(String value) { workingDir = value; return this; }
    public String hostName() { return hostName; }
    public RunSpec hostName(String value) { hostName = value; return this; }
    public Network network() { return network; }
    public RunSpec network(Network value) { network = value; return this; }
    public List<String> addCapabilities() { return addCapabilities; }
    public List<String> dropCapabilities() { return dropCapabilities; }
    public boolean noNewPrivileges() { return noNewPrivileges; }
    public RunSpec noNewPrivileges(boolean value) { noNewPrivileges = value; return this; }
    public boolean readOnly() { return readOnly; }
    public RunSpec readOnly(boolean value) { readOnly = value; return this; }
    public boolean readOnlyTmpfs() { return readOnlyTmpfs; }
    public RunSpec readOnlyTmpfs(boolean value) { readOnlyTmpfs = value; return this; }
    public String stopSignal() { return stopSignal; }
    public RunSpec stopSignal(String value) { stopSignal = value; return this; }
    public int stopTimeoutSeconds() { return stopTimeoutSeconds; }
    public RunSpec stopTimeoutSeconds(int value) { stopTimeoutSeconds = value; return this; }
    /** {@code local} (the host's zone) or a zone name such as {@code Europe/Berlin}. */
    public String timezone() { return timezone; }
    public RunSpec timezone(String value) { timezone = value; return this; }
    /** {@code TYPE=SOFT[:HARD]}, for example {@code nofile=1024:4096}; {@code -1} or {@code unlimited}. */
    public List<String> ulimits() { return ulimits; }
    public Map<String, String> labels() { return labels; }
    public Map<String, String> annotations() { return annotations; }
    public boolean init() { return init; }
    public RunSpec init(boolean value) { init = value; return this; }
    public boolean notifyFromContainer() { return notifyFromContainer; }
    public RunSpec notifyFromContainer(boolean value) { notifyFromContainer = value; return this; }
    /** The payload: executable and arguments, run as PID 1 of the container. */
    public List<String> command() { return command; }
}
