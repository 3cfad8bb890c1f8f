package io.berth.rest.internal;

import io.berth.core.error.ValidationException;
import io.berth.core.storage.FileContent;
import io.berth.core.storage.FileEntry;
import io.berth.core.storage.FolderInput;
import io.berth.core.storage.FolderQuery;
import io.berth.core.storage.FolderUpdate;
import io.berth.core.storage.StorageService;
import io.berth.rest.api.RestContext;
import io.berth.rest.internal.Views.FileEntryView;
import io.berth.rest.internal.Views.FolderHostsView;
import io.berth.rest.internal.Views.FolderView;
import io.berth.rest.internal.Views.PageView;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import javax.ws.rs.Consumes;
import javax.ws.rs.DELETE;
import javax.ws.rs.GET;
import javax.ws.rs.PATCH;
import javax.ws.rs.POST;
import javax.ws.rs.PUT;
import javax.ws.rs.Path;
import javax.ws.rs.PathParam;
import javax.ws.rs.Produces;
import javax.ws.rs.QueryParam;
import javax.ws.rs.container.ContainerRequestContext;
import javax.ws.rs.core.Context;
import javax.ws.rs.core.HttpHeaders;
import javax.ws.rs.core.MediaType;
import javax.ws.rs.core.Response;
import javax.ws.rs.core.StreamingOutput;
import javax.ws.rs.core.UriBuilder;
import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.Reference;

/**
 * SPEC S2, S3, S7: virtual folders and their files. {@code {folder}} is a folder's id, or a name among the
 * caller's own and project folders; core decides who may see and change what. A file's path is the rest of
 * the URL after {@code files/} ({@code /folders/f1/files/data/train.csv}). Uploads and downloads are streamed:
 * an upload's body ({@code application/octet-stream}) goes to the storage as it arrives, and a download is
 * written as the storage reads it. The resource is served while a storage service is registered.
 */
@Component(service = FolderResource.class, property = RestContext.RESOURCE + "=true")
@Path("/folders")
@Produces(MediaType.APPLICATION_JSON)
public final class FolderResource {
    private final StorageService storage;

    @Activate
    public FolderResource(@Reference StorageService storage) {
        this.storage = storage;
    }

    /**
     * The caller's own folders and those of their projects, or with {@code all=true} every folder an
     * administrator may manage; filtered by {@code type} (user or project), {@code project} (id or name),
     * {@code usage_mode} (general, model or data), {@code volume} and {@code owner}.
     */
    @GET
    public PageView<FolderView> list(@Context ContainerRequestContext rc, @QueryParam("type") String type,
            @QueryParam("project") String project, @QueryParam("usage_mode") String usageMode,
            @QueryParam("volume") String volume, @QueryParam("owner") String owner, @QueryParam("all") String all) {
        Boolean everything = Params.bool(all, "all");
        FolderQuery q = new FolderQuery(Params.text(type, "type"), Params.text(project, "project"),
                Params.text(usageMode, "usage_mode"), Params.text(volume, "volume"), Params.text(owner, "owner"),
                everything != null && everything);
        return Views.all(storage.listFolders(RestContext.caller(rc), q), FolderView::of);
    }

    @POST
    @Consumes(MediaType.APPLICATION_JSON)
    @Answers(FolderView.class)
    public Response create(@Context ContainerRequestContext rc, Requests.FolderBody body) {
        return created(storage.createFolder(RestContext.caller(rc), input(Params.body(body))));
    }

    /**
     * The volumes the caller may create folders on and mount: those allowed to the caller's domain, the
     * {@code project} (id or name; the caller's projects when absent) and the caller's keypair.
     */
    @GET
    @Path("hosts")
    public FolderHostsView hosts(@Context ContainerRequestContext rc, @QueryParam("project") String project) {
        return new FolderHostsView(storage.allowedVolumes(RestContext.caller(rc), Params.text(project, "project")));
    }

    @GET
    @Path("{folder}")
    public FolderView get(@Context ContainerRequestContext rc, @PathParam("folder") String folder) {
        return FolderView.of(storage.getFolder(RestContext.caller(rc), folder));
    }

    /** Absent fields stay as they are. */
    @PATCH
    @Path("{folder}")
    @Consumes(MediaType.APPLICATION_JSON)
    public FolderView update(@Context ContainerRequestContext rc, @PathParam("folder") String folder,
            Requests.FolderChange body) {
        Requests.FolderChange b = Params.body(body);
        return FolderView.of(storage.updateFolder(RestContext.caller(rc), folder,
                new FolderUpdate(b.name(), b.permission(), b.cloneable())));
    }

    /** Deletes the folder and its files. */
    @DELETE
    @Path("{folder}")
    public Response delete(@Context ContainerRequestContext rc, @PathParam("folder") String folder) {
        storage.deleteFolder(RestContext.caller(rc), folder);
        return Response.noContent().build();
    }

    /**
     * Copies the folder into a new one described like a new folder (its volume defaults to the source's); the
     * source must be cloneable unless the caller manages it.
     */
    @POST
    @Path("{folder}/clone")
    @Consumes(MediaType.APPLICATION_JSON)
    @Answers(FolderView.class)
    public Response cloneFolder(@Context ContainerRequestContext rc, @PathParam("folder") String folder,
            Requests.FolderBody body) {
        return created(storage.cloneFolder(RestContext.caller(rc), folder, input(Params.body(body))));
    }

    // ---- files (SPEC S7) ----

    /** The entries of a directory of the folder: {@code path} relative to its root (absent: the root). */
    @GET
    @Path("{folder}/files")
    public PageView<FileEntryView> files(@Context ContainerRequestContext rc, @PathParam("folder") String folder,
            @QueryParam("path") String path) {
        String dir = path == null ? "" : path;
        return Views.all(storage.listFiles(RestContext.caller(rc), folder, dir), FileEntryView::of);
    }

    /** Downloads a file: its bytes as {@code application/octet-stream}, streamed, as an attachment. */
    @GET
    @Path("{folder}/files/{path: .+}")
    @Produces({MediaType.APPLICATION_OCTET_STREAM, MediaType.APPLICATION_JSON})
    @Answers(value = Void.class, downloads = MediaType.APPLICATION_OCTET_STREAM)
    public Response download(@Context ContainerRequestContext rc, @PathParam("folder") String folder,
            @PathParam("path") String path) {
        FileContent file = storage.download(RestContext.caller(rc), folder, path);
        InputStream in = file.stream();
        StreamingOutput body = out -> copy(in, out);
        return Response.ok(body, MediaType.APPLICATION_OCTET_STREAM_TYPE)
                .header(HttpHeaders.CONTENT_LENGTH, file.size())
                .header(HttpHeaders.CONTENT_DISPOSITION, disposition(file.name() == null ? lastSegment(path)
                        : file.name()))
                .header("X-Content-Type-Options", "nosniff")
                .build();
    }

    /**
     * Writes the request body to a file (its parent directories are created): 201 with the entry, or with
     * {@code overwrite=true} 200, replacing the file if it exists. Without {@code overwrite} an existing file
     * is refused (409). The body is streamed to the storage, never held in memory.
     */
    @PUT
    @Path("{folder}/files/{path: .+}")
    @Consumes(MediaType.APPLICATION_OCTET_STREAM)
    @Answers(value = FileEntryView.class, status = 201)
    public Response upload(@Context ContainerRequestContext rc, @PathParam("folder") String folder,
            @PathParam("path") String path, @QueryParam("overwrite") String overwrite, InputStream body) {
        Boolean o = Params.bool(overwrite, "overwrite");
        boolean replace = o != null && o;
        FileEntry e = storage.upload(RestContext.caller(rc), folder, path, body, replace);
        if (replace) {
            return Response.ok(FileEntryView.of(e)).build();
        }
        return Response.created(fileUri(folder, e.path() == null ? path : e.path())).entity(FileEntryView.of(e))
                .build();
    }

    /** Creates a directory and its parents: 201 with the entry. */
    @POST
    @Path("{folder}/mkdir")
    @Consumes(MediaType.APPLICATION_JSON)
    @Answers(FileEntryView.class)
    public Response mkdir(@Context ContainerRequestContext rc, @PathParam("folder") String folder,
            Requests.MkdirBody body) {
        String path = Params.body(body).path();
        if (path == null || path.isBlank()) {
            throw new ValidationException("path is required: the directory to create", "path");
        }
        FileEntry e = storage.makeDirectory(RestContext.caller(rc), folder, path);
        return Response.created(fileUri(folder, e.path() == null ? path : e.path())).entity(FileEntryView.of(e))
                .build();
    }

    /** Deletes a file, or a directory with {@code recursive=true}; needs the {@code wd} permission. */
    @DELETE
    @Path("{folder}/files/{path: .+}")
    public Response deleteFile(@Context ContainerRequestContext rc, @PathParam("folder") String folder,
            @PathParam("path") String path, @QueryParam("recursive") String recursive) {
        Boolean r = Params.bool(recursive, "recursive");
        storage.deleteFile(RestContext.caller(rc), folder, path, r != null && r);
        return Response.noContent().build();
    }

    // ---- helpers ----

    private static Response created(io.berth.core.storage.FolderView v) {
        return Response.created(UriBuilder.fromPath("/folders/{id}").build(v.folder().id()))
                .entity(FolderView.of(v)).build();
    }

    static FolderInput input(Requests.FolderBody b) {
        return new FolderInput(b.name(), b.type(), b.project(), b.volume(), b.usageMode(), b.permission(),
                b.cloneable());
    }

    private static java.net.URI fileUri(String folder, String path) {
        UriBuilder b = UriBuilder.fromPath("/folders/{folder}/files").resolveTemplate("folder", folder);
        for (String segment : path.split("/")) {
            if (!segment.isEmpty()) {
                b.segment(segment);
            }
        }
        return b.build();
    }

    private static void copy(InputStream in, OutputStream out) throws IOException {
        try (in) {
            in.transferTo(out);
        }
    }

    private static String lastSegment(String path) {
        String p = path.endsWith("/") ? path.substring(0, path.length() - 1) : path;
        return p.substring(p.lastIndexOf('/') + 1);
    }

    /**
     * {@code attachment; filename="<ASCII>"; filename*=UTF-8''<encoded>}: the quoted name keeps only printable
     * ASCII other than quotes, backslashes and path separators (others become {@code _}); the encoded one
     * carries the full name for clients that read RFC 6266.
     */
    static String disposition(String name) {
        String n = name == null || name.isBlank() ? "download" : name;
        StringBuilder ascii = new StringBuilder(Math.min(n.length(), 255));
        for (int i = 0; i < n.length() && ascii.length() < 255; i++) {
            char c = n.charAt(i);
            ascii.append(c < 0x20 || c > 0x7e || c == '"' || c == '\\' || c == '/' || c == ';' || c == '%' ? '_'
                    : c);
        }
        String safe = ascii.toString();
        if (safe.isBlank() || safe.equals(".") || safe.equals("..")) {
            safe = "download";
        }
        String encoded = URLEncoder.encode(n, StandardCharsets.UTF_8).replace("+", "%20").replace("*", "%2A");
        return "attachment; filename=\"" + safe + "\"; filename*=UTF-8''" + encoded;
    }
}
