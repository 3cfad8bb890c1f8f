package io.berth.rest.internal;

import io.berth.rest.api.RestContext;
import java.util.ArrayList;
import java.util.Collection;
import java.util.Dictionary;
import java.util.Hashtable;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentSkipListMap;
import java.util.concurrent.Executors;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.logging.Level;
import javax.servlet.Servlet;
import javax.servlet.ServletException;
import org.glassfish.jersey.jackson.JacksonFeature;
import org.glassfish.jersey.server.ResourceConfig;
import org.glassfish.jersey.server.ServerProperties;
import org.osgi.framework.BundleContext;
import org.osgi.framework.Filter;
import org.osgi.framework.InvalidSyntaxException;
import org.osgi.framework.ServiceReference;
import org.osgi.framework.ServiceRegistration;
import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.Deactivate;
import org.osgi.service.component.annotations.Reference;
import org.osgi.service.http.whiteboard.HttpWhiteboardConstants;
import org.osgi.util.tracker.ServiceTracker;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The REST whiteboard: tracks services marked {@code osgi.jaxrs.resource=true} or
 * {@code osgi.jaxrs.extension=true} from any bundle and serves them through one Jersey application at
 * {@code /}. Every change builds a fresh application and swaps it in without dropping requests.
 */
@Component(immediate = true, service = JerseyWhiteboard.class)
public final class JerseyWhiteboard {
    private static final Logger LOG = LoggerFactory.getLogger(JerseyWhiteboard.class);
    /** How long to wait for more service changes before rebuilding. */
    private static final long REBUILD_DELAY_MILLIS = 25;
    /** Jersey warns once per resource instance that it "does not implement any provider interfaces". */
    private static final java.util.logging.Logger PROVIDERS_LOG = java.util.logging.Logger
            .getLogger("org.glassfish.jersey.internal.inject.Providers");

    private final BundleContext context;
    private final RestInfrastructure infrastructure;
    private final Map<ServiceReference<Object>, Object> tracked = new ConcurrentSkipListMap<>();
    /** Rebuilds run here, one at a time; a burst of service changes (a feature starting) makes one. */
    private final ScheduledExecutorService rebuilder =
            Executors.newSingleThreadScheduledExecutor(r -> {
                Thread t = new Thread(r, "berth-rest-rebuild");
                t.setDaemon(true);
                return t;
            });
    private final AtomicBoolean rebuildPending =
            new AtomicBoolean();
    private final ServiceTracker<Object, Object> tracker;
    private final SwappingJerseyServlet servlet;
    private final ServiceRegistration<Servlet> registration;

    @Activate
    public JerseyWhiteboard(BundleContext context, @Reference RestInfrastructure infrastructure)
            throws InvalidSyntaxException {
        this.context = context;
        this.infrastructure = infrastructure;
        PROVIDERS_LOG.setLevel(Level.SEVERE);
        Filter filter = context.createFilter(
                "(|(" + RestContext.RESOURCE + "=true)(" + RestContext.EXTENSION + "=true))");
        servlet = new SwappingJerseyServlet(this::build);
        tracker = new ServiceTracker<>(context, filter, null) {
            @Override
            public Object addingService(ServiceReference<Object> ref) {
                Object service = context.getService(ref);
                if (service != null) {
                    tracked.put(ref, service);
                    rebuild();
                }
                return service;
            }

            @Override
            public void modifiedService(ServiceReference<Object> ref, Object service) {
                rebuild();
            }

            @Override
            public void removedService(ServiceReference<Object> ref, Object service) {
                tracked.remove(ref);
                rebuild();
                context.ungetService(ref);
            }
        };
        tracker.open(true);
        Dictionary<String, Object> props = new Hashtable<>();
        props.put(HttpWhiteboardConstants.HTTP_WHITEBOARD_SERVLET_PATTERN, "/*");
        props.put(HttpWhiteboardConstants.HTTP_WHITEBOARD_SERVLET_NAME, "berth-rest");
        registration = context.registerService(Servlet.class, servlet, props);
    }

    @Deactivate
    void deactivate() {
        registration.unregister();
        tracker.close();
        rebuilder.shutdownNow();
    }

    /** The classes currently served, for the OpenAPI document. */
    Collection<Class<?>> resourceClasses() {
        List<Class<?>> out = new ArrayList<>();
        for (Map.Entry<ServiceReference<Object>, Object> e : tracked.entrySet()) {
            if (Boolean.parseBoolean(String.valueOf(e.getKey().getProperty(RestContext.RESOURCE)))) {
                out.add(e.getValue().getClass());
            }
        }
        return out;
    }

    /** Schedules one rebuild for all the changes arriving within {@link #REBUILD_DELAY_MILLIS}. */
    private void rebuild() {
        if (rebuildPending.compareAndSet(false, true)) {
            try {
                rebuilder.schedule(this::rebuildNow, REBUILD_DELAY_MILLIS, TimeUnit.MILLISECONDS);
            } catch (RejectedExecutionException e) {
                rebuildPending.set(false); // deactivated
            }
        }
    }

    private void rebuildNow() {
        rebuildPending.set(false);
        try {
            servlet.rebuild();
        } catch (ServletException | RuntimeException e) {
            LOG.error("could not rebuild the REST application", e);
        }
    }

    private ResourceConfig build() {
        ResourceConfig rc = new ResourceConfig();
        rc.setApplicationName("berth");
        rc.property(ServerProperties.RESPONSE_SET_STATUS_OVER_SEND_ERROR, true);
        rc.property(ServerProperties.WADL_FEATURE_DISABLE, true);
        rc.property(ServerProperties.BV_FEATURE_DISABLE, true);
        rc.property(ServerProperties.LOCATION_HEADER_RELATIVE_URI_RESOLUTION_DISABLED, true);
        rc.register(JacksonFeature.withoutExceptionMappers());
        infrastructure.registerInto(rc, this);
        for (Object o : tracked.values()) {
            rc.register(o);
        }
        return rc;
    }
}
