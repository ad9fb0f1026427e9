package cn.panyu.card.engine;

import com.fasterxml.jackson.databind.ObjectMapper;
import jakarta.annotation.Priority;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.FeatureContext;
import jakarta.ws.rs.ext.ContextResolver;
import jakarta.ws.rs.ext.Provider;
import java.util.concurrent.atomic.AtomicLong;
import org.camunda.bpm.engine.rest.mapper.JacksonConfigurator;
import org.glassfish.jersey.internal.spi.AutoDiscoverable;

/**
 * One Jackson ObjectMapper for the engine's REST API behind both doors, {@code /engine-rest} and the webapps'
 * {@code /camunda/api/engine}. Camunda's {@link JacksonConfigurator} builds a new ObjectMapper on every lookup, so
 * every request built its JSON serializers and deserializers anew: 12 % of the request threads' CPU while village
 * users loaded their Tasklist pages (a JFR profile of the storm benchmark's Tasklist figure). Same configuration,
 * built once; an ObjectMapper is thread-safe once configured.
 *
 * <p>Jersey finds it through its auto-discovery ({@code META-INF/services}): the webapps' REST application is
 * Camunda's own and offers no other place to register a provider.
 */
@Provider
@Produces({"application/json", "application/hal+json"})
@Priority(1) // before Camunda's JacksonConfigurator: Jersey asks the resolvers of a media type in their ranking
public class SharedRestObjectMapper implements ContextResolver<ObjectMapper> {

  private static final ObjectMapper MAPPER = JacksonConfigurator.configureObjectMapper(new ObjectMapper());
  private static final AtomicLong LOOKUPS = new AtomicLong();

  @Override
  public ObjectMapper getContext(Class<?> type) {
    LOOKUPS.incrementAndGet();
    return MAPPER;
  }

  /** How often Jersey asked for the mapper (and got this one): a test's proof that it is in place. */
  public static long lookups() {
    return LOOKUPS.get();
  }

  /** Registers the resolver in every Jersey application of the JVM. */
  public static class Discovery implements AutoDiscoverable {

    @Override
    public void configure(FeatureContext context) {
      if (!context.getConfiguration().isRegistered(SharedRestObjectMapper.class)) {
        context.register(SharedRestObjectMapper.class);
      }
    }
  }
}
