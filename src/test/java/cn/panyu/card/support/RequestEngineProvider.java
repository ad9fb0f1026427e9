package cn.panyu.card.support;

import java.util.Set;
import org.camunda.bpm.engine.ProcessEngine;
import org.camunda.bpm.engine.ProcessEngines;
import org.camunda.bpm.engine.rest.spi.ProcessEngineProvider;

/**
 * The REST API's and webapps' engine look-up in tests (registered in META-INF/services ahead of the
 * starter's): "default" is the engine of the context that serves the request (see {@link RequestEngine});
 * outside a request, or for another name, the JVM-wide registry as in production.
 */
public class RequestEngineProvider implements ProcessEngineProvider {

  @Override
  public ProcessEngine getDefaultProcessEngine() {
    ProcessEngine current = RequestEngine.CURRENT.get();
    return current != null ? current : ProcessEngines.getDefaultProcessEngine();
  }

  @Override
  public ProcessEngine getProcessEngine(String name) {
    ProcessEngine current = RequestEngine.CURRENT.get();
    if (current != null && (ProcessEngines.NAME_DEFAULT.equals(name) || current.getName().equals(name))) {
      return current;
    }
    return ProcessEngines.getProcessEngine(name);
  }

  @Override
  public Set<String> getProcessEngineNames() {
    return RequestEngine.CURRENT.get() != null ? Set.of(ProcessEngines.NAME_DEFAULT)
        : ProcessEngines.getProcessEngines().keySet();
  }
}
