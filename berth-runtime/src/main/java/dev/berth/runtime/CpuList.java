package dev.berth.runtime;

import java.util.BitSet;

/**
 * The kernel's list format of CPUs and memory nodes ({@code cpuset.cpus}: {@code 0-3,8,10-11}),
 * as {@code --cpuset-cpus} and {@code --cpuset-mems} take it.
 */
record CpuList(BitSet members) {
    /** @throws IllegalArgumentException when {@code text} is not in the list format */
    static CpuList parse(String text) {
        BitSet set = new BitSet();
        String t = text.strip();
        if (t.isEmpty()) return new CpuList(set);
        for (String part : t.split(",", -1)) {
            String[] range = part.split("-", -1);
            if (range.length > 2) throw new IllegalArgumentException(text);
            int from = number(range[0], text);
            int to = range.length == 2 ? number(range[1], text) : from;
            if (to < from) throw new IllegalArgumentException(text);
            set.set(from, to + 1);
        }
        return new CpuList(set);
    }

    private static int number(String s, String whole) {
        if (s.isEmpty() || !s.chars().allMatch(Character::isDigit) || s.length() > 5) throw new IllegalArgumentException(whole);
        return Integer.parseInt(s);
    }

    boolean within(CpuList available) {
        BitSet outside = (BitSet) members.clone();
        outside.andNot(available.members);
        return outside.isEmpty();
    }
}
