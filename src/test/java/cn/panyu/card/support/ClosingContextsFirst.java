package cn.panyu.card.support;

import java.util.Comparator;
import org.junit.jupiter.api.ClassDescriptor;
import org.junit.jupiter.api.ClassOrderer;
import org.junit.jupiter.api.ClassOrdererContext;
import org.junit.platform.commons.support.AnnotationSupport;
import org.springframework.test.annotation.DirtiesContext;

/**
 * Runs the test classes that close their Spring context ({@link DirtiesContext}, e.g. every
 * {@link PostgresTest}) before the others. Two live contexts in one JVM both register a process engine
 * named "default" with Camunda's JVM-wide container and the second fails to start; cached contexts
 * (every {@link H2Test}) stay alive until the JVM ends, so a closing class that came after one of them
 * could not start its own. Set in junit-platform.properties.
 */
public class ClosingContextsFirst implements ClassOrderer {

  @Override
  public void orderClasses(ClassOrdererContext context) {
    context.getClassDescriptors().sort(Comparator.comparingInt(ClosingContextsFirst::rank));
  }

  private static int rank(ClassDescriptor descriptor) {
    return AnnotationSupport.isAnnotated(descriptor.getTestClass(), DirtiesContext.class) ? 0 : 1;
  }
}
