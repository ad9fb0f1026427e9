package cn.panyu.card.custody;

/** Why a box of cards moves: down the chain to the people, or back up the chain (overdue cards). */
public enum HandoverPurpose {
  DELIVERY,
  RECOVERY
}
