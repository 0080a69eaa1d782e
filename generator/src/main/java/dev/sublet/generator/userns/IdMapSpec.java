package dev.sublet.generator.userns;

import dev.sublet.common.IdMapping;
import dev.sublet.generator.unit.Entry;
import dev.sublet.generator.unit.UnitFileException;

/**
 * One {@code UIDMap=}/{@code GIDMap=} value in Podman's syntax {@code [+ug]CONTAINER:[@]HOST[:SIZE]}:
 * {@code +} extends (breaks) the mappings given before it, {@code u}/{@code g} restrict it to uids
 * or gids, {@code @} marks HOST as a real host id instead of an intermediate one.
 *
 * @param forUids   false if only the {@code g} flag was given
 * @param forGids   false if only the {@code u} flag was given
 */
record IdMapSpec(Entry entry, boolean extend, boolean forUids, boolean forGids, long container,
        boolean hostIsReal, long host, long size) {

    static IdMapSpec parse(Entry entry, String text, boolean flagsAllowed, boolean sizeRequired)
            throws UnitFileException {
        String rest = text.strip();
        boolean extend = false;
        boolean uidFlag = false;
        boolean gidFlag = false;
        while (flagsAllowed && !rest.isEmpty() && "+ug".indexOf(rest.charAt(0)) >= 0) {
            switch (rest.charAt(0)) {
                case '+' -> extend = true;
                case 'u' -> uidFlag = true;
                default -> gidFlag = true;
            }
            rest = rest.substring(1);
        }
        String[] fields = rest.split(":", -1);
        if (fields.length != 3 && (sizeRequired || fields.length != 2)) {
            throw malformed(entry, text, flagsAllowed, sizeRequired);
        }
        boolean hostIsReal = fields[1].startsWith("@");
        long container = id(entry, text, fields[0], flagsAllowed, sizeRequired);
        long host = id(entry, text, hostIsReal ? fields[1].substring(1) : fields[1], flagsAllowed, sizeRequired);
        long size = fields.length == 3 ? id(entry, text, fields[2], flagsAllowed, sizeRequired) : 1;
        if (size < 1 || container + size > IdMapping.MAX_ID || host + size > IdMapping.MAX_ID) {
            throw new UnitFileException(entry, "'" + text + "': size must be at least 1 and the ranges"
                    + " must end below " + IdMapping.MAX_ID);
        }
        boolean both = uidFlag == gidFlag;
        return new IdMapSpec(entry, extend, both || uidFlag, both || gidFlag, container, hostIsReal, host, size);
    }

    private static long id(Entry entry, String text, String field, boolean flags, boolean sizeRequired)
            throws UnitFileException {
        if (field.isEmpty() || !field.chars().allMatch(Character::isDigit) || field.length() > 10) {
            throw malformed(entry, text, flags, sizeRequired);
        }
        return Long.parseLong(field);
    }

    private static UnitFileException malformed(Entry entry, String text, boolean flags, boolean sizeRequired) {
        String syntax = (flags ? "[+ug]" : "") + "CONTAINER:[@]HOST" + (sizeRequired ? ":SIZE" : "[:SIZE]");
        return new UnitFileException(entry, "malformed id mapping '" + text + "'; expected " + syntax
                + " with non-negative numbers");
    }

    boolean appliesTo(boolean uids) {
        return uids ? forUids : forGids;
    }
}
