package dev.berth.core.system;

/** Versions of the engine and the API it speaks. */
public record VersionInfo(String version, String apiVersion, String minApiVersion, String gitCommit,
                          String goVersion, String os, String arch, String kernelVersion, String buildTime) {}
