package dev.berth.core.container;

import java.time.Instant;

/**
 * What {@code docker cp} learns about a path in a container before copying (the
 * {@code X-Docker-Container-Path-Stat} header): the path's own metadata, not its target's.
 *
 * @param name       the last element of the path as the client wrote it ({@code "."} for {@code dir/.})
 * @param mode       the Unix {@code st_mode} (type and permission bits)
 * @param linkTarget for a symlink, its target resolved inside the container as an absolute path; else ""
 */
public record PathStat(String name, long size, int mode, Instant mtime, String linkTarget) {}
