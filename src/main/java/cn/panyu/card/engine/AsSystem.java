package cn.panyu.card.engine;

import java.util.function.Supplier;
import org.camunda.bpm.engine.IdentityService;
import org.camunda.bpm.engine.impl.identity.Authentication;
import org.camunda.bpm.engine.impl.context.Context;
import org.camunda.bpm.engine.impl.interceptor.CommandContext;
import org.springframework.stereotype.Component;

/**
 * Runs engine calls as the application itself, not as the user on whose request they happen: reading the
 * analysts' decision tables or a task's form, which no unit is granted. Inside an engine command (a delegate, a
 * listener) the command's authorization check is switched off for the call; outside, the caller's
 * authentication is set aside and restored.
 */
@Component
public class AsSystem {

  private final IdentityService identity;

  public AsSystem(IdentityService identity) {
    this.identity = identity;
  }

  public <T> T get(Supplier<T> work) {
    CommandContext command = Context.getCommandContext();
    if (command == null) {
      Authentication caller = identity.getCurrentAuthentication();
      identity.clearAuthentication();
      try {
        return work.get();
      } finally {
        if (caller != null) {
          identity.setAuthentication(caller);
        }
      }
    }
    if (!command.isAuthorizationCheckEnabled()) {
      return work.get();
    }
    command.disableAuthorizationCheck();
    try {
      return work.get();
    } finally {
      command.enableAuthorizationCheck();
    }
  }
}
