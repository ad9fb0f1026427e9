package cn.panyu.card.citycentre.simulator;

import java.lang.annotation.ElementType;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;
import org.springframework.boot.autoconfigure.condition.ConditionalOnProperty;

/** Every simulator bean exists only with {@code card-centre.simulator.enabled=true} (never in production). */
@Target(ElementType.TYPE)
@Retention(RetentionPolicy.RUNTIME)
@ConditionalOnProperty(prefix = "card-centre.simulator", name = "enabled", havingValue = "true")
public @interface ConditionalOnSimulator {}
