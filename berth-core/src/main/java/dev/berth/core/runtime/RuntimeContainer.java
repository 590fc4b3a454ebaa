package dev.berth.core.runtime;

/** One container the runtime knows about, as {@link OciRuntime#list()} reports it. */
public record RuntimeContainer(String id, ContainerProcessState state) {}
