package dev.berth.image.build;

import dev.berth.common.error.BerthException;
import dev.berth.core.build.BuildRequest;
import dev.berth.core.build.StepFailure;
import dev.berth.core.image.Digest;
import dev.berth.core.image.Image;
import dev.berth.core.image.ImageConfig;
import dev.berth.core.image.ImageReference;
import dev.berth.core.image.ImageService;
import dev.berth.core.image.Progress;
import dev.berth.image.ShellWords;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;

/**
 * One build: runs the plan's stages step by step and writes dockerd's classic output
 * ({@code Step N/M : …}, {@code  ---> id}, {@code  ---> Using cache}, …). Each step either reuses a
 * cached image or makes one: in a build container when the parent image has layers, directly
 * through {@link ImageService#commit} while a {@code FROM scratch} stage has none. Not
 * thread-safe: one instance per build.
 */
final class BuildRun {
    /** 1024 zero bytes: the tar of an empty layer, which the image store records as {@code empty_layer}. */
    private static final byte[] EMPTY_TAR = new byte[1024];

    private final ImageService images;
    private final StepContainers containers;
    private final StepCache cache;
    private final BuildRequest request;
    private final BuildContext context;
    private final char escape;
    private final BuildPlan plan;
    private final Progress progress;
    private final MetadataInstructions metadata;
    private final Map<String, String> metaArgs = new LinkedHashMap<>();
    private final Map<String, Digest> stageImages = new HashMap<>();
    private final Set<String> usedArgs = new LinkedHashSet<>();
    private int step;

    BuildRun(ImageService images, StepContainers containers, StepCache cache, BuildRequest request, BuildContext context,
             char escape, BuildPlan plan, Progress progress) {
        this.images = images;
        this.containers = containers;
        this.cache = cache;
        this.request = request;
        this.context = context;
        this.escape = escape;
        this.plan = plan;
        this.progress = progress;
        this.metadata = new MetadataInstructions(escape, request.buildArgs());
    }

    Digest run() {
        List<ImageReference> tags = request.tags().stream().map(t -> ImageReference.parse(t).withDefaultTag()).toList();
        for (Instruction in : plan.metaArgs()) {
            stepLine(in);
            StageState scratch = new StageState(null, null, false, ImageConfig.EMPTY);
            scratch.args.putAll(metaArgs);
            metadata.apply(scratch, in);
            metaArgs.putAll(scratch.args);
            usedArgs.addAll(scratch.args.keySet());
        }
        StageState state = null;
        for (int i = 0; i < plan.stages().size(); i++) {
            BuildPlan.Stage stage = plan.stages().get(i);
            state = from(stage);
            for (Instruction in : stage.body()) {
                stepLine(in);
                dispatch(state, in);
                out(" ---> " + shortId(state.imageId) + "\n");
            }
            if (state.imageId != null) {
                stageImages.put(String.valueOf(i), state.imageId);
                if (stage.name() != null) stageImages.put(stage.name(), state.imageId);
                // as dockerd: every finished stage but the last reports its image
                if (i < plan.stages().size() - 1) progress.aux(Map.of("ID", state.imageId.toString()));
            }
        }
        warnUnusedArgs();
        if (state == null || state.imageId == null) throw new BerthException.InvalidArgument("No image was generated. Is your Dockerfile empty?");
        Digest id = state.imageId;
        progress.aux(Map.of("ID", id.toString()));
        out("Successfully built " + shortId(id) + "\n");
        for (ImageReference tag : tags) {
            images.tag(id.toString(), tag.repository(), tag.tag());
            out("Successfully tagged " + tag.familiarString() + "\n");
        }
        return id;
    }

    private void stepLine(Instruction in) {
        out("Step " + (++step) + "/" + plan.totalSteps() + " : " + in.original());
        out("\n");
    }

    private StageState from(BuildPlan.Stage stage) {
        stepLine(stage.from());
        String base = new ShellWords(escape, metaArgs::get).word(stage.from().args().strip().split("\\s+")[0]);
        StageState state;
        if (base.equalsIgnoreCase("scratch")) {
            state = new StageState(stage.name(), null, false, ImageConfig.EMPTY);
        } else if (stageImages.containsKey(base.toLowerCase(Locale.ROOT)) && !base.matches("\\d+")) {
            state = stateOf(stage.name(), images.inspect(stageImages.get(base.toLowerCase(Locale.ROOT)).toString()));
        } else {
            state = stateOf(stage.name(), baseImage(base));
        }
        runTriggers(state);
        out(" ---> " + shortId(state.imageId) + "\n");
        return state;
    }

    private StageState stateOf(String name, Image image) {
        return new StageState(name, image.id(), !image.diffIds().isEmpty(), image.config());
    }

    private Image baseImage(String name) {
        if (request.pull()) return images.pull(name, null, progress);
        try {
            return images.inspect(name);
        } catch (BerthException.NotFound e) {
            return images.pull(name, null, progress); // as dockerd: a missing base image is pulled
        }
    }

    /** ONBUILD triggers of the base image run first, without Step lines; the new image does not inherit them. */
    private void runTriggers(StageState state) {
        List<String> triggers = state.config.onBuild() == null ? List.of() : state.config.onBuild();
        state.config = state.config.withOnBuild(null);
        if (triggers.isEmpty()) return;
        out("# Executing " + triggers.size() + " build trigger"); // three messages, as dockerd writes them
        if (triggers.size() > 1) out("s");
        out("\n");
        for (String t : triggers) dispatch(state, DockerfileParser.instruction(t, 0));
    }

    private void dispatch(StageState state, Instruction in) {
        switch (in.keyword()) {
            case "RUN" -> run(state, in);
            case "COPY", "ADD" -> copy(state, in);
            case "FROM" -> throw new IllegalStateException("FROM starts a stage");
            case "WORKDIR" -> {
                List<String> cmd = metadata.apply(state, in);
                commitStep(state, cmd, workdirTar(state.config.workingDir()));
            }
            default -> {
                List<String> cmd = metadata.apply(state, in);
                if (in.keyword().equals("ARG")) usedArgs.addAll(state.args.keySet());
                commitStep(state, cmd, null);
            }
        }
    }

    /**
     * A step that changes metadata (and, for WORKDIR, makes the directory): reuses the cache or
     * commits a container whose Cmd is the step's {@code #(nop)} comment, as dockerd's {@code commit}.
     */
    private void commitStep(StageState state, List<String> cmd, LayerFiles files) {
        ImageConfig containerConfig = state.config.withCmd(cmd);
        if (useCache(state, containerConfig)) return;
        if (!state.hasLayers) {
            state.imageId = commitDirect(state, containerConfig, files == null ? null : files.write(p -> null, p -> null));
            return;
        }
        String id = containers.create(state.imageId, state.config, cmd, null, state.config.env(), request.networkMode(), false);
        out(" ---> Running in " + id.substring(0, 12) + "\n");
        try {
            if (files != null) extract(id, files.write(p -> containers.pathState(id, p), p -> null));
            state.imageId = containers.commit(id, state.author, state.config, containerConfig);
        } catch (RuntimeException e) {
            containers.removeQuietly(id);
            throw e;
        }
        removeContainer(id);
    }

    private void run(StageState state, Instruction in) {
        List<String> json = in.jsonArgs();
        List<String> cmd = new ArrayList<>();
        if (json != null) {
            cmd.addAll(json);
        } else {
            cmd.addAll(state.shell());
            cmd.add(in.args().strip());
        }
        Map<String, String> runArgs = state.runArgs();
        ImageConfig containerConfig = state.config.withCmd(StepCommands.run(runArgs, cmd)).withEntrypoint(null);
        if (useCache(state, containerConfig)) return;
        if (state.imageId == null || !state.hasLayers) {
            throw new BerthException.InvalidArgument("RUN needs a base image with a shell: this stage has no file system yet");
        }
        List<String> env = new ArrayList<>(state.config.env() == null ? List.of() : state.config.env());
        runArgs.forEach((k, v) -> env.add(k + "=" + v));
        String id = containers.create(state.imageId, state.config, cmd, List.of(), env, request.networkMode(), true);
        out(" ---> Running in " + id.substring(0, 12) + "\n");
        try {
            int code = containers.run(id, this::out);
            if (code != 0) {
                String message = "The command '" + String.join(" ", cmd) + "' returned a non-zero code: " + code;
                throw new BerthException.InvalidArgument(message, new StepFailure(message, code));
            }
            state.imageId = containers.commit(id, state.author, state.config, containerConfig);
        } catch (RuntimeException e) {
            containers.removeQuietly(id); // a failed step leaves no container behind
            throw e;
        }
        removeContainer(id);
    }

    private void copy(StageState state, Instruction in) {
        ShellWords w = state.words(escape);
        List<String> json = in.jsonArgs();
        List<String> args = new ArrayList<>();
        if (json != null) json.forEach(a -> args.add(w.word(a))); else args.addAll(w.words(in.args()));
        if (args.size() < 2) throw new BerthException.InvalidArgument(in.keyword() + " requires at least two arguments, but only " + args.size() + " provided");
        String dest = args.getLast();
        List<String> patterns = args.subList(0, args.size() - 1);
        for (String p : patterns) {
            if (p.startsWith("http://") || p.startsWith("https://")) {
                throw new BerthException.InvalidArgument(in.keyword() + " " + p + ": remote sources are not supported by Berth's builder "
                    + "(it has no network access); download the file into the build context instead");
            }
        }
        String absDest = absoluteDest(state, dest);
        Path root = in.flag("from") == null ? context.root() : stageFiles(in.flag("from"), patterns);
        List<Path> sources = CopySources.resolve(root, patterns, in.keyword());
        String chown = in.flag("chown");
        String comment = in.keyword() + " " + CopySources.checksum(sources, in.flag("chown")) + " in " + dest + " ";
        List<String> cmd = StepCommands.nopString(state.shell(), comment);
        boolean unpack = in.keyword().equals("ADD") && in.flag("from") == null;
        LayerFiles files = (paths, imageFiles) -> {
            Path tar = context.scratch().resolve("layer.tar");
            ChownOwner owner = ChownOwner.resolve(chown, imageFiles);
            try (OutputStream out = Files.newOutputStream(tar)) {
                new CopyTarWriter(paths::apply, owner.uid(), owner.gid()).write(sources, absDest, unpack, in.keyword(), out);
            } catch (IOException e) {
                throw new BerthException.Internal("cannot prepare the files of " + in.keyword() + ": " + e.getMessage(), e);
            }
            return tar;
        };
        ImageConfig containerConfig = state.config.withCmd(cmd);
        if (useCache(state, containerConfig)) return;
        if (!state.hasLayers) {
            state.imageId = commitDirect(state, containerConfig, files.write(p -> null, p -> null));
            state.hasLayers = true;
            return;
        }
        String id = containers.create(state.imageId, state.config, cmd, null, state.config.env(), request.networkMode(), false);
        try {
            extract(id, files.write(p -> containers.pathState(id, p), p -> containers.readFile(id, p)));
            state.imageId = containers.commit(id, state.author, state.config, containerConfig);
        } finally {
            containers.removeQuietly(id); // dockerd copies into a bare layer: no container shows in the output
        }
    }

    /** dockerd joins a relative destination to WORKDIR and keeps a trailing slash. */
    private static String absoluteDest(StageState state, String dest) {
        if (dest.startsWith("/")) return dest;
        String wd = state.config.workingDir() == null || state.config.workingDir().isEmpty() ? "/" : state.config.workingDir();
        String joined = CopyTarWriter.normalize(wd + "/" + dest);
        boolean dir = dest.endsWith("/") || dest.equals(".") || dest.endsWith("/.");
        return dir && !joined.endsWith("/") ? joined + "/" : joined;
    }

    /** COPY --from: the named stage's (or image's) files at {@code patterns}, copied out below a scratch directory. */
    private Path stageFiles(String from, List<String> patterns) {
        Digest image = stageImages.get(from.toLowerCase(Locale.ROOT));
        if (image == null) image = baseImage(from).id();
        Path root = context.scratch();
        String id = containers.create(image, ImageConfig.EMPTY, List.of("/bin/sh"), null, List.of(), "none", false);
        try {
            for (String pattern : patterns) {
                String path = "/" + BuildContext.stripLeadingSlashes(pattern);
                String fetch = CopySources.hasWildcard(path) ? path.substring(0, path.lastIndexOf('/') + 1) : path;
                String parent = fetch.endsWith("/") ? fetch : fetch.substring(0, fetch.lastIndexOf('/') + 1);
                Path into = Files.createDirectories(root.resolve(BuildContext.stripLeadingSlashes(parent)));
                try (InputStream tar = containers.archive(id, fetch.endsWith("/") && fetch.length() > 1 ? fetch + "." : fetch)) {
                    containers.extractLocal(into, tar);
                }
            }
        } catch (IOException e) {
            throw new BerthException.Internal("cannot copy files from " + from + ": " + e.getMessage(), e);
        } finally {
            containers.removeQuietly(id);
        }
        return root;
    }

    private boolean useCache(StageState state, ImageConfig containerConfig) {
        if (request.noCache()) return false;
        Digest hit = cache.probe(state.imageId, containerConfig);
        if (hit == null) return false;
        out(" ---> Using cache\n");
        state.imageId = hit;
        if (!state.hasLayers) state.hasLayers = !images.inspect(hit.toString()).diffIds().isEmpty();
        return true;
    }

    /** A step on an image without layers: the layer (or an empty one) is committed without a container. */
    private Digest commitDirect(StageState state, ImageConfig containerConfig, Path layerTar) {
        try (InputStream layer = layerTar == null ? new ByteArrayInputStream(EMPTY_TAR) : Files.newInputStream(layerTar)) {
            String image = state.imageId == null ? "" : state.imageId.toString();
            var commit = new ImageService.CommitRequest(state.imageId, layer, state.config, containerConfig, List.of(), null,
                image, null, state.author, String.join(" ", containerConfig.cmd()), null, null, true);
            return images.commit(commit).id();
        } catch (IOException e) {
            throw new BerthException.Internal("cannot read the step's layer: " + e.getMessage(), e);
        }
    }

    private void extract(String id, Path tar) {
        try (InputStream in = Files.newInputStream(tar)) {
            containers.extract(id, in);
        } catch (IOException e) {
            throw new BerthException.Internal("cannot read the step's files: " + e.getMessage(), e);
        }
    }

    private LayerFiles workdirTar(String dir) {
        return (paths, imageFiles) -> {
            Path tar = context.scratch().resolve("workdir.tar");
            try (OutputStream out = Files.newOutputStream(tar)) {
                new CopyTarWriter(paths::apply, null, null).writeDirectory(dir, out);
            } catch (IOException e) {
                throw new BerthException.Internal("cannot prepare WORKDIR " + dir + ": " + e.getMessage(), e);
            }
            return tar;
        };
    }

    private void removeContainer(String id) {
        if (!request.remove() && !request.forceRemove()) return;
        containers.removeQuietly(id);
        out("Removing intermediate container " + id.substring(0, 12) + "\n");
    }

    private void warnUnusedArgs() {
        List<String> unused = new ArrayList<>();
        for (String k : request.buildArgs().keySet()) {
            if (!usedArgs.contains(k) && !MetadataInstructions.BUILTIN_ARGS.contains(k)) unused.add(k);
        }
        if (!unused.isEmpty()) out("[Warning] One or more build-args " + StepCommands.goList(unused.stream().sorted().toList()) + " were not consumed\n");
    }

    private void out(String text) {
        progress.stream(text);
    }

    private static String shortId(Digest id) {
        return id == null ? "" : id.hex().substring(0, 12);
    }

    /** The files a step adds, written as a tar once the image's existing paths can be asked. */
    private interface LayerFiles {
        /** @param imageFiles the content of a file of the image (for --chown names), null when absent */
        Path write(CopyTarWriter.ImagePaths existing, java.util.function.Function<String, String> imageFiles);
    }
}
