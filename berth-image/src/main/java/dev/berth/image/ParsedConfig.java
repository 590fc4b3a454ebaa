package dev.berth.image;

import dev.berth.core.image.Digest;
import dev.berth.core.image.Image;
import dev.berth.core.image.ImageConfig;
import java.time.Instant;
import java.util.List;

/** The fields of an OCI/Docker image config that Berth reads; the bytes themselves stay untouched. */
record ParsedConfig(Instant created, String author, String architecture, String variant, String os,
                    String dockerVersion, String comment, ImageConfig config, ImageConfig containerConfig,
                    List<Digest> diffIds, List<Image.HistoryEntry> history, String container) {}
