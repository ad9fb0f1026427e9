/**
 * The fast model layer: one engine-only test class per BPMN model of {@code processes/} (no Spring, no application,
 * an in-memory engine of its own), beside the full-stack process tests of the features. Every path of a model is
 * driven with its delegates stubbed ({@link cn.panyu.card.models.StubDelegate}), the beans its expressions call
 * replaced ({@link cn.panyu.card.models.ModelBeans}), the processes it calls replaced by stubs that end at once, and
 * its jobs and timers executed by the test; each class asserts the coverage of its model that it reaches
 * (report in {@code target/process-test-coverage/}). The shared set-up is {@link cn.panyu.card.models.ModelTest}.
 *
 * <p>All of them, in seconds: {@code mvn -B -o test -Dtest='*ModelTest' -Dsurefire.excludedGroups=benchmark,browser}.
 */
package cn.panyu.card.models;
