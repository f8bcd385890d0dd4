//! Which companies get a company-vs-company page: every pair that shares a
//! role is offered in one order (most shared roles first, then the closest
//! pay, then slug order) and kept while both companies have fewer than
//! `per_company` pages.
//!
//! Listing every pair first costs the square of the companies: 50,000
//! companies with two roles each make 250 million pairs (8 GB). Instead each
//! company lists only its best few partners, and the lists are merged as
//! they are consumed; a company whose list runs out before it is full lists
//! more. The pairs come out in exactly the order a sort of all of them would
//! give, so the same pages are chosen.

use rayon::prelude::*;
use std::cmp::Reverse;
use std::collections::BinaryHeap;

/// A pair's place in the order: (shared roles, most first; pay gap; the
/// lower slug rank; the higher one). Unique per pair.
type Key = (Reverse<u32>, u64, usize, usize);

/// The companies as pairing sees them, each by its index.
pub struct Companies<'a> {
    /// Each company's roles (indexes), ascending.
    pub roles_of: &'a [Vec<usize>],
    /// Each role's companies, ascending, each once.
    pub members: &'a [Vec<usize>],
    /// Each company's place in slug order.
    pub slug_rank: &'a [usize],
    /// Each company's pay for pairing.
    pub pay: &'a [u64],
}

/// One company's partners in pair order: the first `list.len()` of them,
/// or all when `complete`.
struct Partners {
    list: Vec<Key>,
    next: usize,
    complete: bool,
}

/// How many partners a company lists at first, per page it can have.
/// Listing costs the same for 16 or 64 (it counts every partner either
/// way); a list that runs out is listed again, one company at a time. At
/// 30,000 guides (K = 2), 2 per page listed 12,139 companies again (1.1 s),
/// 8 per page 3,856 (0.35 s).
const FIRST_LIST: usize = 8;

impl Companies<'_> {
    /// The pairs kept, as (company, company) with the first lower in slug
    /// order, sorted by slug order.
    pub fn pairs(&self, per_company: usize) -> Vec<(usize, usize)> {
        self.pairs_listing(per_company, per_company.saturating_mul(FIRST_LIST))
    }

    /// [`Companies::pairs`], each company listing `first` partners at first.
    fn pairs_listing(&self, per_company: usize, first: usize) -> Vec<(usize, usize)> {
        let count = self.roles_of.len();
        if per_company == 0 {
            return Vec::new();
        }
        let first = first.max(1);
        let mut partners: Vec<Partners> = (0..count)
            .into_par_iter()
            .map_init(
                || vec![0u32; count],
                |shared, company| self.partners(company, first, shared, |_, _| true),
            )
            .collect();
        let mut by_rank = vec![0; count];
        for (company, &rank) in self.slug_rank.iter().enumerate() {
            by_rank[rank] = company;
        }
        let mut heads: BinaryHeap<Reverse<(Key, usize)>> = partners
            .iter()
            .enumerate()
            .filter_map(|(company, p)| Some(Reverse((*p.list.first()?, company))))
            .collect();
        let mut degree = vec![0usize; count];
        let mut shared = vec![0u32; count];
        let mut kept = Vec::new();
        let mut last: Option<Key> = None;
        while let Some(Reverse((key, company))) = heads.pop() {
            if degree[company] >= per_company {
                // No later pair with it can be kept: its list ends here.
                continue;
            }
            let open = |other: usize| degree[other] < per_company;
            if let Some(next) = self.advance(&mut partners[company], company, &mut shared, open) {
                heads.push(Reverse((next, company)));
            }
            // A pair is in both companies' lists: decide it once.
            if last == Some(key) {
                continue;
            }
            last = Some(key);
            let (a, b) = (by_rank[key.2], by_rank[key.3]);
            if degree[a] < per_company && degree[b] < per_company {
                degree[a] += 1;
                degree[b] += 1;
                kept.push((key.2, key.3));
            }
        }
        kept.sort_unstable();
        kept.into_iter()
            .map(|(a, b)| (by_rank[a], by_rank[b]))
            .collect()
    }

    /// The roles two companies share, ascending.
    pub fn shared_roles(&self, a: usize, b: usize) -> Vec<usize> {
        let theirs = &self.roles_of[b];
        self.roles_of[a]
            .iter()
            .copied()
            .filter(|role| theirs.binary_search(role).is_ok())
            .collect()
    }

    /// Moves to a company's next partner, listing more when its list runs
    /// out: the next ones after the last in order whose company is still
    /// `open` (has room for a page). A full company stays full, so a pair
    /// with it could never be kept; listing only open ones, the list
    /// rarely runs out twice. (`shared`: as for [`Companies::partners`].)
    fn advance(
        &self,
        partners: &mut Partners,
        company: usize,
        shared: &mut [u32],
        open: impl Fn(usize) -> bool,
    ) -> Option<Key> {
        partners.next += 1;
        if partners.next == partners.list.len() && !partners.complete {
            let last = partners.list[partners.next - 1];
            let take = partners.list.len();
            *partners = self.partners(company, take, shared, |other, key| {
                *key > last && open(other)
            });
        }
        partners.list.get(partners.next).copied()
    }

    /// A company's best `take` partners in pair order among those `keep`
    /// accepts (by company and key). `shared` is zeroed scratch, one slot
    /// per company, and is left zeroed.
    fn partners(
        &self,
        company: usize,
        take: usize,
        shared: &mut [u32],
        keep: impl Fn(usize, &Key) -> bool,
    ) -> Partners {
        let mut met = Vec::new();
        for &role in &self.roles_of[company] {
            for &other in &self.members[role] {
                if other != company {
                    if shared[other] == 0 {
                        met.push(other);
                    }
                    shared[other] += 1;
                }
            }
        }
        let mut list: Vec<Key> = met
            .iter()
            .filter_map(|&other| {
                let (ra, rb) = (self.slug_rank[company], self.slug_rank[other]);
                let gap = self.pay[company].abs_diff(self.pay[other]);
                let key = (Reverse(shared[other]), gap, ra.min(rb), ra.max(rb));
                keep(other, &key).then_some(key)
            })
            .collect();
        for &other in &met {
            shared[other] = 0;
        }
        let complete = list.len() <= take;
        if !complete {
            list.select_nth_unstable(take);
            list.truncate(take);
            // Every company's list is kept until the merge ends: without
            // this each would hold room for all its partners.
            list.shrink_to_fit();
        }
        list.sort_unstable();
        Partners {
            list,
            next: 0,
            complete,
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    /// Every pair sharing a role, sorted, kept greedily: the definition.
    fn by_sorting_every_pair(c: &Companies, per_company: usize) -> Vec<(usize, usize)> {
        let count = c.roles_of.len();
        let mut all: Vec<Key> = Vec::new();
        for a in 0..count {
            for b in 0..count {
                let shared = c.shared_roles(a, b).len() as u32;
                if c.slug_rank[a] < c.slug_rank[b] && shared > 0 {
                    let gap = c.pay[a].abs_diff(c.pay[b]);
                    all.push((Reverse(shared), gap, c.slug_rank[a], c.slug_rank[b]));
                }
            }
        }
        all.sort_unstable();
        let mut by_rank = vec![0; count];
        for (company, &rank) in c.slug_rank.iter().enumerate() {
            by_rank[rank] = company;
        }
        let mut degree = vec![0; count];
        let mut kept = Vec::new();
        for (_, _, ra, rb) in all {
            let (a, b) = (by_rank[ra], by_rank[rb]);
            if degree[a] < per_company && degree[b] < per_company {
                degree[a] += 1;
                degree[b] += 1;
                kept.push((ra, rb));
            }
        }
        kept.sort_unstable();
        kept.into_iter()
            .map(|(a, b)| (by_rank[a], by_rank[b]))
            .collect()
    }

    /// A small deterministic generator (no dependency for one test).
    struct Lcg(u64);
    impl Lcg {
        fn below(&mut self, n: u64) -> u64 {
            self.0 = self
                .0
                .wrapping_mul(6364136223846793005)
                .wrapping_add(1442695040888963407);
            (self.0 >> 33) % n
        }
    }

    #[test]
    fn merged_lists_choose_what_sorting_every_pair_chooses() {
        let mut rng = Lcg(7);
        for case in 0..300 {
            let companies = 1 + rng.below(40) as usize;
            let roles = 1 + rng.below(12) as usize;
            let mut roles_of: Vec<Vec<usize>> = (0..companies)
                .map(|_| {
                    let mut mine: Vec<usize> = (0..1 + rng.below(roles as u64) as usize)
                        .map(|_| rng.below(roles as u64) as usize)
                        .collect();
                    mine.sort_unstable();
                    mine.dedup();
                    mine
                })
                .collect();
            if case % 5 == 0 {
                roles_of[0].clear();
            }
            let mut members = vec![Vec::new(); roles];
            for (company, mine) in roles_of.iter().enumerate() {
                for &role in mine {
                    members[role].push(company);
                }
            }
            let mut slug_rank: Vec<usize> = (0..companies).collect();
            for i in (1..companies).rev() {
                slug_rank.swap(i, rng.below(i as u64 + 1) as usize);
            }
            // Few distinct pays, so ties in gap are common.
            let pay: Vec<u64> = (0..companies).map(|_| rng.below(6) * 10).collect();
            let c = Companies {
                roles_of: &roles_of,
                members: &members,
                slug_rank: &slug_rank,
                pay: &pay,
            };
            for per_company in [0, 1, 2, 3, 8] {
                let expected = by_sorting_every_pair(&c, per_company);
                assert_eq!(
                    c.pairs(per_company),
                    expected,
                    "case {case}, {companies} companies, {roles} roles, {per_company} per company"
                );
                // Short first lists run out and are listed again often.
                for first in [1, 2] {
                    assert_eq!(
                        c.pairs_listing(per_company, first),
                        expected,
                        "case {case}, first lists of {first}"
                    );
                }
            }
        }
    }
}
