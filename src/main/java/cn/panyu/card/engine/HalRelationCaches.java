package cn.panyu.card.engine;

import jakarta.annotation.PostConstruct;
import org.camunda.bpm.engine.rest.hal.Hal;
import org.camunda.bpm.engine.rest.hal.cache.DefaultHalResourceCache;
import org.camunda.bpm.engine.rest.hal.processDefinition.HalProcessDefinition;
import org.springframework.stereotype.Component;

/**
 * Tasklist's list of tasks comes with each task's process definition embedded (HAL), and without a cache the REST
 * API looked the page's definitions up again for every page, with the user's read check against the grants: the HAL
 * list took 83 ms where the same list as plain JSON took 40 at 100,000 open tasks
 * (src/benchmark/storm-tasklist-results.md). Camunda's webapps switch this cache on in their web.xml; Spring Boot's
 * starter has no web.xml, so it is registered here, for both doors ({@code /engine-rest} and the webapps'
 * {@code /camunda/api/engine} share the one {@link Hal}).
 *
 * <p>Safe to share between users: a definition never changes under its id (a deployment makes a new one; only its
 * suspension shows up to {@link #SECONDS_TO_LIVE} late) and every unit may read every definition
 * (UnitProvisioning). Users and groups stay uncached: a renamed or removed account shows at once.
 */
@Component
public class HalRelationCaches {

  /** Far more than the deployed versions of the application's processes a page can name. */
  static final int CAPACITY = 500;
  static final long SECONDS_TO_LIVE = 300;

  @PostConstruct
  void register() {
    Hal.getInstance().registerHalRelationCache(HalProcessDefinition.class,
        new DefaultHalResourceCache(CAPACITY, SECONDS_TO_LIVE));
  }
}
