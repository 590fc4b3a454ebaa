package dev.berth.plugins.protocol;

import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.json.JsonMapper;

/** Constants and the JSON codec of Docker's legacy plugin protocol, shared by the client and the SDK. */
public final class PluginProtocol {
    private PluginProtocol() {}

    /** What dockerd sends as {@code Accept} and plugins answer with. */
    public static final String MEDIA_TYPE = "application/vnd.docker.plugins.v1.2+json";
    public static final String ACTIVATE = "/Plugin.Activate";
    public static final String VOLUME_DRIVER = "VolumeDriver";

    /** Unknown fields are ignored and absent ones are null, as Go's decoder does. */
    public static final ObjectMapper JSON = JsonMapper.builder()
        .disable(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES)
        .serializationInclusion(com.fasterxml.jackson.annotation.JsonInclude.Include.NON_NULL)
        .build();
}
