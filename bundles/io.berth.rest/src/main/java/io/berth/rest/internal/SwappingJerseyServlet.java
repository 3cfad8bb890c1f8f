package io.berth.rest.internal;

import java.io.IOException;
import java.util.concurrent.atomic.AtomicReference;
import java.util.concurrent.locks.ReentrantReadWriteLock;
import java.util.function.Supplier;
import javax.servlet.ServletConfig;
import javax.servlet.ServletException;
import javax.servlet.UnavailableException;
import javax.servlet.http.HttpServlet;
import javax.servlet.http.HttpServletRequest;
import javax.servlet.http.HttpServletResponse;
import org.glassfish.jersey.server.ResourceConfig;
import org.glassfish.jersey.servlet.ServletContainer;
import org.osgi.framework.Bundle;
import org.osgi.framework.FrameworkUtil;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Serves requests through the current Jersey container. A new resource set builds a fresh container
 * that is swapped in atomically; the old one is destroyed once its in-flight requests are done
 * (a read/write lock per generation). Jersey's own {@code reload()} drops requests under hot deploy.
 */
final class SwappingJerseyServlet extends HttpServlet {
    /**
     * Request attribute (seen by Jersey filters as a request property) holding the path and query as
     * received, before any decoding or re-encoding.
     */
    static final String RAW_TARGET = "io.berth.rest.rawTarget";

    private static final long serialVersionUID = 1L;
    private static final Logger LOG = LoggerFactory.getLogger(SwappingJerseyServlet.class);

    private static final class Generation {
        final ServletContainer container;
        final ReentrantReadWriteLock lock = new ReentrantReadWriteLock();

        Generation(ServletContainer container) {
            this.container = container;
        }
    }

    private final AtomicReference<Generation> current = new AtomicReference<>();
    private final Supplier<ResourceConfig> applications;
    private volatile ServletConfig config;

    /** @param applications builds a fresh application each time (a used ResourceConfig is frozen) */
    SwappingJerseyServlet(Supplier<ResourceConfig> applications) {
        this.applications = applications;
    }

    /** Called by the HTTP service at registration and again whenever it restarts its server. */
    @Override
    public synchronized void init(ServletConfig cfg) throws ServletException {
        super.init(cfg);
        requireJerseyActive();
        this.config = cfg;
        rebuild();
    }

    /** Jersey's OSGi registry needs jersey-common's context; before it is active Jersey fails for good. */
    private static void requireJerseyActive() throws UnavailableException {
        Bundle common = FrameworkUtil.getBundle(org.glassfish.jersey.CommonProperties.class);
        Bundle server = FrameworkUtil.getBundle(ResourceConfig.class);
        for (Bundle b : new Bundle[] {common, server}) {
            if (b != null && b.getState() != Bundle.ACTIVE) {
                throw new UnavailableException("Jersey bundle " + b.getSymbolicName() + " is not active yet", 1);
            }
        }
    }

    /** Builds a container for a fresh application and makes it current; retires the previous one. */
    synchronized void rebuild() throws ServletException {
        ServletConfig cfg = config;
        if (cfg == null) {
            return; // not initialised: init() builds the application
        }
        ResourceConfig rc = applications.get();
        ClassLoader tccl = Thread.currentThread().getContextClassLoader();
        Thread.currentThread().setContextClassLoader(SwappingJerseyServlet.class.getClassLoader());
        try {
            ServletContainer next = new ServletContainer(rc);
            next.init(cfg);
            Generation old = current.getAndSet(new Generation(next));
            retire(old);
        } finally {
            Thread.currentThread().setContextClassLoader(tccl);
        }
    }

    private static void retire(Generation old) {
        if (old == null) {
            return;
        }
        old.lock.writeLock().lock();
        try {
            old.container.destroy();
        } catch (RuntimeException e) {
            LOG.debug("destroying a retired Jersey container: {}", e.toString());
        } finally {
            old.lock.writeLock().unlock();
        }
    }

    @Override
    protected void service(HttpServletRequest req, HttpServletResponse resp) throws ServletException, IOException {
        // the request target exactly as the client sent it: Jersey re-encodes the query (':' '/' '@' …),
        // but signatures cover the bytes the client signed
        String query = req.getQueryString();
        req.setAttribute(RAW_TARGET, req.getRequestURI() + (query == null ? "" : "?" + query));
        while (true) {
            Generation g = current.get();
            if (g == null) {
                resp.sendError(HttpServletResponse.SC_SERVICE_UNAVAILABLE);
                return;
            }
            g.lock.readLock().lock();
            try {
                if (g != current.get()) {
                    continue; // swapped while we waited: use the new generation
                }
                g.container.service(req, resp);
                return;
            } finally {
                g.lock.readLock().unlock();
            }
        }
    }

    @Override
    public synchronized void destroy() {
        config = null;
        retire(current.getAndSet(null));
        super.destroy();
    }
}
