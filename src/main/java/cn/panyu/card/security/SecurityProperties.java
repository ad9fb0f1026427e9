package cn.panyu.card.security;

import java.util.List;
import org.springframework.boot.context.properties.ConfigurationProperties;

/**
 * {@code card.security.*}.
 *
 * @param unitVariables variables that name an organisational unit (by its code): a start or a task completion
 *     through the engine's REST API may only name one of the acting user's own units in them
 * @param personalDataVariables variables that hold personal data: their values are masked in every history row
 *     (ACT_HI_VARINST, ACT_HI_DETAIL), whatever process sets them
 */
@ConfigurationProperties(prefix = "card.security")
public record SecurityProperties(List<String> unitVariables, List<String> personalDataVariables) {

  public SecurityProperties {
    unitVariables = unitVariables == null ? List.of() : List.copyOf(unitVariables);
    personalDataVariables = personalDataVariables == null ? List.of() : List.copyOf(personalDataVariables);
  }
}
