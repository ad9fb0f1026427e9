package cn.panyu.card.application;

public enum ApplicationMode {
  INDIVIDUAL,
  COLLECTIVE
}
