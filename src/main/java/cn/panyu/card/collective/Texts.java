package cn.panyu.card.collective;

import java.util.Arrays;
import java.util.LinkedHashSet;
import java.util.Set;
import java.util.stream.Collectors;

/** What the batch's forms show and what staff type into them. */
final class Texts {

  private Texts() {}

  /** Process variables of type string hold at most 4000 characters: longer lists are cut with a note. */
  static String limit(String text) {
    return text.length() <= 3900 ? text : text.substring(0, 3900) + "\n……（更多记录见批次详情）";
  }

  /** Numbers as staff type them: separated by line breaks, spaces, commas or 、；. */
  static Set<String> tokens(String text) {
    if (text == null) {
      return Set.of();
    }
    return Arrays.stream(text.split("[\\s,，、;；]+")).map(String::trim).filter(s -> !s.isEmpty())
        .collect(Collectors.toCollection(LinkedHashSet::new));
  }
}
