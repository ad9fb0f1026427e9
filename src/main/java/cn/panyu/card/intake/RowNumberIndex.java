package cn.panyu.card.intake;

/**
 * ID number (packed into a long) -> first row it appeared on, for DUPLICATE_IN_BATCH. Open addressing
 * over primitive arrays: about 24 bytes a row, instead of a few hundred for a HashMap of Strings, so
 * that a million-row file stays small.
 */
final class RowNumberIndex {

  private static final long EMPTY = -1L;
  private long[] keys;
  private int[] rows;
  private int size;

  RowNumberIndex() {
    keys = new long[1 << 12];
    rows = new int[1 << 12];
    java.util.Arrays.fill(keys, EMPTY);
  }

  /** Records {@code row} for the key unless present; returns the earlier row, or 0 if it is new. */
  int putIfAbsent(long key, int row) {
    if (size * 2 >= keys.length) {
      grow();
    }
    int mask = keys.length - 1;
    int i = mix(key) & mask;
    while (keys[i] != EMPTY) {
      if (keys[i] == key) {
        return rows[i];
      }
      i = (i + 1) & mask;
    }
    keys[i] = key;
    rows[i] = row;
    size++;
    return 0;
  }

  private void grow() {
    long[] oldKeys = keys;
    int[] oldRows = rows;
    keys = new long[oldKeys.length * 2];
    rows = new int[oldRows.length * 2];
    java.util.Arrays.fill(keys, EMPTY);
    size = 0;
    for (int j = 0; j < oldKeys.length; j++) {
      if (oldKeys[j] != EMPTY) {
        putIfAbsent(oldKeys[j], oldRows[j]);
      }
    }
  }

  private static int mix(long key) {
    long h = key * 0x9E3779B97F4A7C15L;
    return (int) (h ^ (h >>> 32));
  }
}
