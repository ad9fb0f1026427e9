package cn.panyu.card.support;

import org.camunda.community.process_test_coverage.spring_test.platform7.ProcessEngineCoverageConfiguration;
import org.springframework.boot.autoconfigure.condition.ConditionalOnProperty;
import org.springframework.context.annotation.Configuration;
import org.springframework.context.annotation.Import;

/**
 * Every test context's engine records which flow nodes and sequence flows the tests passed; the report of
 * each test class is written to target/process-test-coverage/ (an HTML page per class with the diagrams).
 * Picked up by the application's component scan, so all contexts stay alike (one cached context).
 * Off with {@code process-coverage.enabled=false}: an application started by a test itself (not a Spring test
 * context, e.g. the restart test) has no coverage state for it.
 */
@Configuration
@ConditionalOnProperty(name = "process-coverage.enabled", havingValue = "true", matchIfMissing = true)
@Import(ProcessEngineCoverageConfiguration.class)
public class ProcessCoverage {}
