package dev.latent.train.sgd;

import dev.latent.data.RatingMatrix;
import dev.latent.synth.SyntheticConfig;
import dev.latent.synth.SyntheticGenerator;

import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.Collections;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.SplittableRandom;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

class BlockGridTest {
    private static final RatingMatrix DATA = new SyntheticGenerator(
            new SyntheticConfig(50, 40, 900, 3, 0.3, 0.8, 9)).toMatrix();

    @Test
    void build_withThreePoolThreads_sameGridAsOnTheCallingThread() {
        ExecutorService pool = Executors.newFixedThreadPool(3);
        try {
            BlockGrid sequential = BlockGrid.build(DATA, 5, 11);
            BlockGrid parallel = BlockGrid.build(DATA, 5, 11, pool, 3);

            assertArrayEquals(sequential.start, parallel.start);
            assertArrayEquals(sequential.users, parallel.users);
            assertArrayEquals(sequential.items, parallel.items);
            assertArrayEquals(sequential.values, parallel.values);
        } finally {
            pool.shutdownNow();
        }
    }

    @Test
    void shuffle_permutesOneBlockAndLeavesTheOthers() {
        BlockGrid grid = BlockGrid.build(DATA, 2, 3);
        int block = 1;
        int from = grid.start[block];
        int to = grid.start[block + 1];
        List<String> before = triples(grid, 0, grid.size());

        grid.shuffle(block, new SplittableRandom(5));

        List<String> after = triples(grid, 0, grid.size());
        assertEquals(before.subList(0, from), after.subList(0, from));
        assertEquals(before.subList(to, before.size()), after.subList(to, after.size()));
        List<String> blockBefore = new ArrayList<>(before.subList(from, to));
        List<String> blockAfter = new ArrayList<>(after.subList(from, to));
        assertNotEquals(blockBefore, blockAfter, "the block's order changed");
        Collections.sort(blockBefore);
        Collections.sort(blockAfter);
        assertEquals(blockBefore, blockAfter, "the same ratings, each still with its own value");
    }

    private static List<String> triples(BlockGrid grid, int from, int to) {
        List<String> out = new ArrayList<>();
        for (int e = from; e < to; e++) {
            out.add(grid.users[e] + "," + grid.items[e] + "," + grid.values[e]);
        }
        return out;
    }

    @Test
    void build_everyRatingOnceInTheBlockOfItsRanges() {
        int b = 4;
        BlockGrid grid = BlockGrid.build(DATA, b, 3);

        assertEquals(DATA.size(), grid.size());
        assertEquals(b * b + 1, grid.start.length);
        Set<Long> pairs = new HashSet<>();
        int[] userAt = new int[DATA.userCount()];
        int[] itemAt = new int[DATA.itemCount()];
        for (int u = 0; u < userAt.length; u++) {
            userAt[grid.userPosition[u]] = u;
        }
        for (int i = 0; i < itemAt.length; i++) {
            itemAt[grid.itemPosition[i]] = i;
        }
        for (int block = 0; block < b * b; block++) {
            for (int e = grid.start[block]; e < grid.start[block + 1]; e++) {
                int pos = grid.users[e];
                assertEquals(block / b, (int) ((long) pos * b / DATA.userCount()), "user range of block " + block);
                assertEquals(block % b, (int) ((long) grid.items[e] * b / DATA.itemCount()), "item range of block " + block);
                int u = userAt[pos];
                int i = itemAt[grid.items[e]];
                assertEquals(DATA.get(u, i), grid.values[e]);
                assertTrue(pairs.add((long) u << 32 | i), "rating (" + u + ", " + i + ") twice");
            }
        }
        assertEquals(DATA.size(), pairs.size());
    }

    @Test
    void build_oneBlock_interleavesTheRatingsOfConsecutiveUsers() {
        RatingMatrix small = RatingMatrix.builder()
                .add("a", "x", 1).add("a", "y", 2).add("a", "z", 3)
                .add("b", "x", 4)
                .add("c", "y", 5).add("c", "z", 6)
                .build();

        BlockGrid grid = BlockGrid.build(small, 1, 7);

        int a = grid.userPosition[small.users().indexOf("a")];
        int bb = grid.userPosition[small.users().indexOf("b")];
        int c = grid.userPosition[small.users().indexOf("c")];
        int[] byPosition = new int[3];
        byPosition[a] = 'a';
        byPosition[bb] = 'b';
        byPosition[c] = 'c';
        StringBuilder order = new StringBuilder();
        for (int e = 0; e < grid.size(); e++) {
            order.append((char) byPosition[grid.users[e]]);
        }
        // Users in position order, one rating each per pass, so a user repeats only once the
        // shorter runs are used up: a has 3 ratings, b 1, c 2.
        Map<Character, Integer> counts = Map.of('a', 3, 'b', 1, 'c', 2);
        StringBuilder expected = new StringBuilder();
        for (int pass = 0; pass < 3; pass++) {
            for (int pos = 0; pos < 3; pos++) {
                if (counts.get((char) byPosition[pos]) > pass) {
                    expected.append((char) byPosition[pos]);
                }
            }
        }
        assertEquals(expected.toString(), order.toString());
    }

    @Test
    void build_sameSeed_sameLayout_otherSeed_otherPermutation() {
        BlockGrid a = BlockGrid.build(DATA, 3, 1);
        BlockGrid b = BlockGrid.build(DATA, 3, 1);
        BlockGrid c = BlockGrid.build(DATA, 3, 2);

        assertTrue(java.util.Arrays.equals(a.users, b.users) && java.util.Arrays.equals(a.values, b.values));
        assertTrue(!java.util.Arrays.equals(a.userPosition, c.userPosition));
    }

    @Test
    void gridSize_threadsAndCache_chooseTheLarger() {
        assertEquals(1, BlockGrid.gridSize(1000, 1000, 32, 1));
        assertEquals(4, BlockGrid.gridSize(1000, 1000, 32, 2));
        // 20,000 items × 64 floats = 5,120,000 bytes: 20 blocks of 256 KiB.
        assertEquals(20, BlockGrid.gridSize(200_000, 20_000, 64, 2));
        assertEquals(3, BlockGrid.gridSize(3, 1000, 64, 4));
    }
}
