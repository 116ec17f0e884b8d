//! `GET /jobs` filters and paging ([`JobsQuery`]): read from the list page's address, written
//! back to it, and sent to the API. Filters are the core's enums; a name this version does not
//! know (typed into an address, say) is kept and passed on as written.

use jobs_core::{JobStatus, JobType, Open};

use crate::uri;

/// The page sizes the list offers; an address with another `limit` gets the default.
pub const PAGE_SIZES: [u32; 4] = [10, 20, 50, 100];
/// The page size of an address without `limit`.
pub const DEFAULT_PAGE_SIZE: u32 = 20;

/// How the list orders the jobs of a page. The API lists newest first and sorts nothing else, so
/// any other order is of the page shown (and says so).
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub enum Sort {
    #[default]
    Newest,
    Oldest,
    /// Longest run first.
    Longest,
    /// Lowest best cost first (fits; the others after them).
    LowestCost,
}

impl Sort {
    /// Every order, as the list offers them.
    pub const ALL: [Sort; 4] = [Sort::Newest, Sort::Oldest, Sort::Longest, Sort::LowestCost];

    /// Its name in the address.
    pub fn as_str(self) -> &'static str {
        match self {
            Sort::Newest => "newest",
            Sort::Oldest => "oldest",
            Sort::Longest => "longest",
            Sort::LowestCost => "cost",
        }
    }

    /// Its name in the list's select.
    pub fn label(self) -> &'static str {
        match self {
            Sort::Newest => "Newest first",
            Sort::Oldest => "Oldest first",
            Sort::Longest => "Longest run first",
            Sort::LowestCost => "Lowest best cost first",
        }
    }

    /// The order an address names (the default for any other).
    pub fn from_address(name: &str) -> Sort {
        Sort::ALL.into_iter().find(|s| s.as_str() == name).unwrap_or_default()
    }
}

/// `GET /jobs` filters and paging, and the order of the page shown.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct JobsQuery {
    /// Only jobs in this status.
    pub status: Option<Open<JobStatus>>,
    /// Only jobs of this type.
    pub job_type: Option<Open<JobType>>,
    /// Page size.
    pub limit: u32,
    /// How many to skip.
    pub offset: u32,
    /// The order of the page shown (not sent: the API has none).
    pub sort: Sort,
}

impl JobsQuery {
    /// The filters and page an address's query string (without `?`) holds.
    pub fn from_address(query: &str) -> JobsQuery {
        let pick = |name: &str| uri::query_param(query, name).filter(|v| !v.is_empty());
        JobsQuery {
            status: pick("status").map(|s| Open::from_wire(&s)),
            job_type: pick("job_type").map(|t| Open::from_wire(&t)),
            limit: pick("limit")
                .and_then(|l| l.parse().ok())
                .filter(|l| PAGE_SIZES.contains(l))
                .unwrap_or(DEFAULT_PAGE_SIZE),
            offset: pick("offset").and_then(|o| o.parse().ok()).unwrap_or(0),
            sort: pick("sort").map(|s| Sort::from_address(&s)).unwrap_or_default(),
        }
    }

    /// The address's query string for these filters and page.
    pub fn address(&self) -> String {
        let mut parts = self.filters();
        if self.limit != DEFAULT_PAGE_SIZE {
            parts.push(format!("limit={}", self.limit));
        }
        if self.offset > 0 {
            parts.push(format!("offset={}", self.offset));
        }
        if self.sort != Sort::Newest {
            parts.push(format!("sort={}", self.sort.as_str()));
        }
        parts.join("&")
    }

    /// The query string the API is asked with.
    pub fn api_query(&self) -> String {
        let mut parts = vec![format!("limit={}", self.limit), format!("offset={}", self.offset)];
        parts.extend(self.filters());
        parts.join("&")
    }

    fn filters(&self) -> Vec<String> {
        let status = self.status.as_ref().map(|s| uri::pair("status", s.as_str()));
        let job_type = self.job_type.as_ref().map(|t| uri::pair("job_type", t.as_str()));
        status.into_iter().chain(job_type).collect()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn an_address_without_filters_is_the_first_page_of_everything() {
        assert_eq!(JobsQuery::from_address(""), JobsQuery { limit: 20, ..JobsQuery::default() });
        assert_eq!(JobsQuery::from_address("status=&offset=x").offset, 0);
    }

    #[test]
    fn filters_in_the_address_read_as_the_cores_enums() {
        let query = JobsQuery::from_address("status=failed&job_type=ecm_fit&offset=40");
        assert_eq!(query.status, Some(Open::Known(JobStatus::Failed)));
        assert_eq!(query.job_type, Some(Open::Known(JobType::EcmFit)));
        assert_eq!(query.offset, 40);
    }

    #[test]
    fn a_filter_this_version_does_not_know_is_kept_and_sent_as_written() {
        let query = JobsQuery::from_address("status=paused%20now");
        assert_eq!(query.status, Some(Open::Unknown("paused now".to_owned())));
        assert_eq!(query.api_query(), "limit=20&offset=0&status=paused%20now");
    }

    #[test]
    fn the_address_written_back_reads_as_the_same_query() {
        let query = JobsQuery {
            status: Some(Open::Known(JobStatus::Canceled)),
            job_type: Some(Open::Known(JobType::Simulate)),
            limit: 20,
            offset: 60,
            sort: Sort::Newest,
        };
        assert_eq!(query.address(), "status=canceled&job_type=simulate&offset=60");
        assert_eq!(JobsQuery::from_address(&query.address()), query);
        assert_eq!(JobsQuery { offset: 0, ..query }.address(), "status=canceled&job_type=simulate");
        let fifty = JobsQuery { limit: 50, offset: 100, ..JobsQuery::default() };
        assert_eq!(fifty.address(), "limit=50&offset=100");
        assert_eq!(JobsQuery::from_address(&fifty.address()), fifty);
        let sorted = JobsQuery { sort: Sort::LowestCost, ..fifty };
        assert_eq!(sorted.address(), "limit=50&offset=100&sort=cost");
        assert_eq!(JobsQuery::from_address(&sorted.address()), sorted);
        assert_eq!(sorted.api_query(), "limit=50&offset=100", "the API is not asked to sort");
        assert_eq!(JobsQuery::from_address("sort=sideways").sort, Sort::Newest);
    }

    #[test]
    fn a_page_size_the_list_does_not_offer_is_the_default() {
        for limit in ["7", "0", "1000", "x", "-10"] {
            assert_eq!(JobsQuery::from_address(&format!("limit={limit}")).limit, DEFAULT_PAGE_SIZE, "{limit}");
        }
        assert_eq!(JobsQuery::from_address("limit=100").limit, 100);
    }

    #[test]
    fn the_api_is_asked_with_the_page_then_the_filters() {
        let query =
            JobsQuery { job_type: Some(Open::Known(JobType::Dummy)), limit: 20, offset: 20, ..JobsQuery::default() };
        assert_eq!(query.api_query(), "limit=20&offset=20&job_type=dummy");
    }
}
