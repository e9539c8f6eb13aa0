//! The smallest set of elements that hits every clause (each clause is a
//! list of alternatives, any one of which covers it): fewest elements
//! first, then the lowest total cost. Exact by branch and bound for the
//! sizes apps have; past a search budget, the best set found so far (at
//! worst a pruned greedy cover, which still covers everything).

/// Search nodes before giving up on proving the set is the smallest.
const BUDGET: usize = 200_000;

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Cover {
    /// Chosen elements, ascending.
    pub chosen: Vec<usize>,
    /// The search finished: no cover has fewer elements, or as many at a
    /// lower cost.
    pub exact: bool,
}

struct Search<'a> {
    clauses: &'a [Vec<usize>],
    cost: &'a [u32],
    best: Vec<usize>,
    best_key: (usize, u64),
    nodes: usize,
    exhausted: bool,
}

fn total(cost: &[u32], set: &[usize]) -> u64 {
    set.iter().map(|&e| u64::from(cost[e])).sum()
}

impl Search<'_> {
    /// Clauses that pairwise share no element: each needs an element of its
    /// own, so their number (and their cheapest costs) bound what is left.
    fn lower_bound(&self, open: &[usize]) -> (usize, u64) {
        let mut used = vec![false; self.cost.len()];
        let (mut n, mut c) = (0, 0);
        for &i in open {
            let clause = &self.clauses[i];
            if clause.iter().any(|&e| used[e]) {
                continue;
            }
            for &e in clause {
                used[e] = true;
            }
            n += 1;
            c += clause
                .iter()
                .map(|&e| u64::from(self.cost[e]))
                .min()
                .unwrap_or(0);
        }
        (n, c)
    }

    fn go(&mut self, chosen: &mut Vec<usize>, open: Vec<usize>) {
        self.nodes += 1;
        if self.nodes > BUDGET {
            self.exhausted = true;
            return;
        }
        let spent = total(self.cost, chosen);
        let Some(&branch) = open.iter().min_by_key(|&&i| (self.clauses[i].len(), i)) else {
            if (chosen.len(), spent) < self.best_key {
                self.best_key = (chosen.len(), spent);
                self.best = chosen.clone();
            }
            return;
        };
        let (n, c) = self.lower_bound(&open);
        if (chosen.len() + n, spent + c) >= self.best_key {
            return;
        }
        let mut options = self.clauses[branch].clone();
        options.sort_by_key(|&e| (self.cost[e], e));
        for e in options {
            let rest: Vec<usize> = open
                .iter()
                .copied()
                .filter(|&i| !self.clauses[i].contains(&e))
                .collect();
            chosen.push(e);
            self.go(chosen, rest);
            chosen.pop();
            if self.exhausted {
                return;
            }
        }
    }
}

/// Greedy: the element hitting most open clauses (cheapest, then lowest
/// index on ties), then drop any element the others make unnecessary.
fn greedy(clauses: &[Vec<usize>], cost: &[u32]) -> Vec<usize> {
    let mut open: Vec<usize> = (0..clauses.len()).collect();
    let mut chosen: Vec<usize> = Vec::new();
    while !open.is_empty() {
        let mut counts: Vec<usize> = vec![0; cost.len()];
        for &i in &open {
            for &e in &clauses[i] {
                counts[e] += 1;
            }
        }
        let Some(pick) = (0..cost.len())
            .filter(|&e| counts[e] > 0)
            .min_by_key(|&e| (std::cmp::Reverse(counts[e]), cost[e], e))
        else {
            break;
        };
        chosen.push(pick);
        open.retain(|&i| !clauses[i].contains(&pick));
    }
    let mut by_cost = chosen.clone();
    by_cost.sort_by_key(|&e| std::cmp::Reverse((cost[e], e)));
    for e in by_cost {
        let without: Vec<usize> = chosen.iter().copied().filter(|&x| x != e).collect();
        if clauses
            .iter()
            .all(|clause| clause.iter().any(|x| without.contains(x)))
        {
            chosen = without;
        }
    }
    chosen.sort_unstable();
    chosen
}

/// The smallest cover of `clauses` (element indices below `cost.len()`).
/// Empty clauses cannot be hit and are ignored.
pub fn smallest(clauses: &[Vec<usize>], cost: &[u32]) -> Cover {
    let mut list: Vec<Vec<usize>> = clauses
        .iter()
        .map(|c| {
            let mut c: Vec<usize> = c.iter().copied().filter(|&e| e < cost.len()).collect();
            c.sort_unstable();
            c.dedup();
            c
        })
        .filter(|c| !c.is_empty())
        .collect();
    list.sort();
    list.dedup();
    // A clause containing another is hit whenever the smaller one is.
    let reduced: Vec<Vec<usize>> = list
        .iter()
        .enumerate()
        .filter(|(i, c)| {
            !list
                .iter()
                .enumerate()
                .any(|(j, d)| j != *i && d.len() < c.len() && d.iter().all(|e| c.contains(e)))
        })
        .map(|(_, c)| c.clone())
        .collect();
    // A clause with one element forces it, in every cover: take those
    // first, so the search only sees the real choices.
    let forced: Vec<usize> = {
        let mut f: Vec<usize> = reduced
            .iter()
            .filter(|c| c.len() == 1)
            .map(|c| c[0])
            .collect();
        f.sort_unstable();
        f.dedup();
        f
    };
    let rest: Vec<Vec<usize>> = reduced
        .into_iter()
        .filter(|c| !c.iter().any(|e| forced.binary_search(e).is_ok()))
        .collect();
    let start = greedy(&rest, cost);
    let mut search = Search {
        clauses: &rest,
        cost,
        best_key: (start.len(), total(cost, &start)),
        best: start,
        nodes: 0,
        exhausted: false,
    };
    let mut chosen = Vec::new();
    search.go(&mut chosen, (0..rest.len()).collect());
    let mut best = search.best;
    best.extend(forced);
    best.sort_unstable();
    Cover {
        chosen: best,
        exact: !search.exhausted,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn forced_elements_cover_the_rest() {
        // users (0) is forced and also hits the clause users|users:readonly.
        let cover = smallest(&[vec![0, 1], vec![0], vec![2, 3]], &[2, 1, 2, 1]);
        assert_eq!(
            cover,
            Cover {
                chosen: vec![0, 3],
                exact: true
            }
        );
    }

    #[test]
    fn beats_greedy() {
        // The classic set-cover trap, as hitting set: elements 0 and 1 are
        // the two halves of 14 points, 3 covers 8 points across both halves,
        // 2 and 4 the leftovers. Greedy takes 3 first and ends with three.
        let points = [
            vec![0, 2],
            vec![0, 2],
            vec![0, 3],
            vec![0, 3],
            vec![0, 3],
            vec![0, 3],
            vec![0, 4],
            vec![1, 2],
            vec![1, 2],
            vec![1, 3],
            vec![1, 3],
            vec![1, 3],
            vec![1, 3],
            vec![1, 4],
        ];
        assert_eq!(greedy(&points, &[1; 5]), vec![2, 3, 4]);
        assert_eq!(
            smallest(&points, &[1; 5]),
            Cover {
                chosen: vec![0, 1],
                exact: true
            }
        );
    }

    #[test]
    fn ties_go_to_the_cheaper_set() {
        let cover = smallest(&[vec![0, 1]], &[5, 1]);
        assert_eq!(cover.chosen, vec![1]);
        assert!(smallest(&[], &[]).chosen.is_empty());
        assert!(smallest(&[vec![]], &[1]).chosen.is_empty());
    }

    #[test]
    fn thousands_of_calls_are_quick() {
        // 2,000 operations over 300 scopes, most with a single scope.
        let clauses: Vec<Vec<usize>> = (0..2000)
            .map(|i| {
                if i % 10 == 0 {
                    vec![i % 300, (i * 7 + 1) % 300]
                } else {
                    vec![i % 300]
                }
            })
            .collect();
        let started = std::time::Instant::now();
        let cover = smallest(&clauses, &[1; 300]);
        assert!(started.elapsed() < std::time::Duration::from_secs(5));
        assert!(cover.exact);
        assert!(clauses
            .iter()
            .all(|c| c.iter().any(|e| cover.chosen.contains(e))));
        // The 270 scopes some operation alone accepts also hit every pair.
        assert_eq!(cover.chosen.len(), 270);
    }

    #[test]
    fn large_inputs_stay_bounded_and_covering() {
        // 60 elements, 200 clauses of 3: far past the budget for a proof.
        let clauses: Vec<Vec<usize>> = (0..200)
            .map(|i| vec![i % 60, (i * 7 + 3) % 60, (i * 13 + 5) % 60])
            .collect();
        let cover = smallest(&clauses, &[1; 60]);
        assert!(clauses
            .iter()
            .all(|c| c.iter().any(|e| cover.chosen.contains(e))));
    }
}
