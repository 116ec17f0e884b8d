//! `GET /jobs` filters and paging ([`JobsQuery`]): read from the list page's address, written
//! back to it, and sent to the API. Filters are the core's enums; a name this version does not
//! know (typed into an address, say) is kept and passed on as written.

use jobs_core::{JobResponse, JobStatus, JobType, Open, WireEnum};

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

/// Which statuses the list shows: any, one, or a group of several (asked for as `statuses`,
/// repeated, as the API reads a list).
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub enum StatusFilter {
    #[default]
    Any,
    One(Open<JobStatus>),
    /// Not ended: pending, processing or waiting.
    Active,
    /// Completed, failed or canceled.
    Ended,
}

impl StatusFilter {
    /// The groups, as the list offers them before the single statuses.
    pub const GROUPS: [StatusFilter; 2] = [StatusFilter::Active, StatusFilter::Ended];

    /// Its name in the address and the select ("" for any).
    pub fn as_str(&self) -> &str {
        match self {
            StatusFilter::Any => "",
            StatusFilter::One(status) => status.as_str(),
            StatusFilter::Active => "active",
            StatusFilter::Ended => "ended",
        }
    }

    /// Its name in the select: short enough to show whole on a small phone (the statuses a group
    /// stands for are the choices listed after it).
    pub fn label(&self) -> String {
        match self {
            StatusFilter::Any => "Any status".to_owned(),
            StatusFilter::One(status) => status.as_str().to_owned(),
            StatusFilter::Active => "Active (not ended)".to_owned(),
            StatusFilter::Ended => "Ended (any outcome)".to_owned(),
        }
    }

    /// The statuses it stands for, as a sentence says them.
    pub fn spelled_out(&self) -> String {
        match self {
            StatusFilter::Any => "of any status".to_owned(),
            StatusFilter::One(status) => status.as_str().to_owned(),
            StatusFilter::Active => "pending, processing or waiting".to_owned(),
            StatusFilter::Ended => "completed, failed or canceled".to_owned(),
        }
    }

    /// The filter an address or the select names ("" for any; a name this version does not
    /// know is one status, kept as written).
    pub fn from_address(name: &str) -> StatusFilter {
        match name {
            "" => StatusFilter::Any,
            "active" => StatusFilter::Active,
            "ended" => StatusFilter::Ended,
            name => StatusFilter::One(Open::from_wire(name)),
        }
    }

    /// A group's statuses (none for any or one).
    fn group(&self) -> Vec<JobStatus> {
        let ended = match self {
            StatusFilter::Active => false,
            StatusFilter::Ended => true,
            StatusFilter::Any | StatusFilter::One(_) => return Vec::new(),
        };
        JobStatus::ALL.iter().copied().filter(|s| s.is_terminal() == ended).collect()
    }

    /// Whether a job in this status belongs in the list.
    fn admits(&self, status: &Open<JobStatus>) -> bool {
        match self {
            StatusFilter::Any => true,
            StatusFilter::One(one) => one == status,
            group => status.known().is_some_and(|s| group.group().contains(&s)),
        }
    }

    fn api_pairs(&self) -> Vec<String> {
        match self {
            StatusFilter::Any => Vec::new(),
            StatusFilter::One(status) => vec![uri::pair("status", status.as_str())],
            group => group.group().iter().map(|s| uri::pair("statuses", s.as_str())).collect(),
        }
    }
}

/// A filter the API answered without applying: jobs outside it were on the page.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Unapplied {
    Status,
    Project,
}

/// `GET /jobs` filters and paging, and the order of the page shown.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct JobsQuery {
    /// Only jobs in these statuses.
    pub status: StatusFilter,
    /// Only jobs submitted to this project (trimmed, as the form submits it; never empty).
    pub project: Option<String>,
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
            status: pick("status").map(|s| StatusFilter::from_address(&s)).unwrap_or_default(),
            project: pick("project").as_deref().and_then(project),
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

    /// The API's filters, each as the address writes it (`status`, `job_type`, `project`).
    fn filters(&self) -> Vec<String> {
        let status = (self.status != StatusFilter::Any).then(|| uri::pair("status", self.status.as_str()));
        let job_type = self.job_type.as_ref().map(|t| uri::pair("job_type", t.as_str()));
        let project = self.project.as_ref().map(|p| uri::pair("project", p));
        status.into_iter().chain(job_type).chain(project).collect()
    }

    /// The query string the API is asked with.
    pub fn api_query(&self) -> String {
        let mut parts = vec![format!("limit={}", self.limit), format!("offset={}", self.offset)];
        parts.extend(self.status.api_pairs());
        parts.extend(self.job_type.as_ref().map(|t| uri::pair("job_type", t.as_str())));
        parts.extend(self.project.as_ref().map(|p| uri::pair("project_id", p)));
        parts.join("&")
    }

    /// Sets the project filter from what was typed (blank: every project).
    pub fn set_project(&mut self, typed: &str) {
        self.project = project(typed);
    }

    /// Keeps the page's jobs that match the status and project filters, and says which filters
    /// the API did not apply (an API that does not know `statuses` or `project_id` answers
    /// every job; the list then hides the others rather than show what was not asked for).
    pub fn keep_matching(&self, jobs: &mut Vec<JobResponse>) -> Vec<Unapplied> {
        let mut unapplied = Vec::new();
        if jobs.iter().any(|j| !self.status.admits(&j.status)) {
            unapplied.push(Unapplied::Status);
        }
        if let Some(project) = &self.project {
            if jobs.iter().any(|j| j.project_id.as_ref() != Some(project)) {
                unapplied.push(Unapplied::Project);
            }
        }
        jobs.retain(|j| {
            self.status.admits(&j.status) && self.project.as_ref().is_none_or(|p| j.project_id.as_ref() == Some(p))
        });
        unapplied
    }
}

/// A project as typed into the filter: trimmed, and none when blank.
fn project(typed: &str) -> Option<String> {
    Some(typed.trim()).filter(|p| !p.is_empty()).map(str::to_owned)
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
        assert_eq!(query.status, StatusFilter::One(Open::Known(JobStatus::Failed)));
        assert_eq!(query.job_type, Some(Open::Known(JobType::EcmFit)));
        assert_eq!(query.offset, 40);
    }

    #[test]
    fn a_filter_this_version_does_not_know_is_kept_and_sent_as_written() {
        let query = JobsQuery::from_address("status=paused%20now");
        assert_eq!(query.status, StatusFilter::One(Open::Unknown("paused now".to_owned())));
        assert_eq!(query.api_query(), "limit=20&offset=0&status=paused%20now");
    }

    #[test]
    fn the_address_written_back_reads_as_the_same_query() {
        let query = JobsQuery {
            status: StatusFilter::One(Open::Known(JobStatus::Canceled)),
            job_type: Some(Open::Known(JobType::Simulate)),
            project: None,
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

    fn job(status: &str, project: Option<&str>) -> JobResponse {
        let project = project.map_or_else(|| "null".to_owned(), |p| format!("\"{p}\""));
        serde_json::from_str(&format!(
            r#"{{"job_id":"j","job_type":"dummy","status":"{status}","priority":0,"created_at":"2026-01-01T00:00:00Z",
                "updated_at":"2026-01-01T00:00:00Z","user_id":"u","organization_id":"o","project_id":{project},
                "is_terminal":false,"is_failed":false}}"#
        ))
        .unwrap()
    }

    #[test]
    fn active_and_ended_ask_for_their_statuses_as_a_repeated_list_and_stay_in_the_address() {
        let active = JobsQuery::from_address("status=active");
        assert_eq!(active.status, StatusFilter::Active);
        assert_eq!(active.address(), "status=active");
        assert_eq!(active.api_query(), "limit=20&offset=0&statuses=pending&statuses=processing&statuses=waiting");
        let ended = JobsQuery::from_address("status=ended&job_type=datafit");
        assert_eq!(
            ended.api_query(),
            "limit=20&offset=0&statuses=completed&statuses=failed&statuses=canceled&job_type=datafit"
        );
        assert_eq!(JobsQuery::from_address(&ended.address()), ended);
        for group in StatusFilter::GROUPS {
            assert_eq!(StatusFilter::from_address(group.as_str()), group);
        }
        assert_eq!(StatusFilter::from_address(""), StatusFilter::Any);
    }

    #[test]
    fn a_project_is_trimmed_kept_in_the_address_and_asked_for_as_project_id() {
        let mut query = JobsQuery::from_address("project=%20team%20a%26b%20");
        assert_eq!(query.project.as_deref(), Some("team a&b"));
        assert_eq!(query.address(), "project=team%20a%26b");
        assert_eq!(query.api_query(), "limit=20&offset=0&project_id=team%20a%26b");
        query.set_project("   ");
        assert_eq!((query.project.clone(), query.address()), (None, String::new()));
    }

    #[test]
    fn jobs_outside_the_filters_are_kept_out_and_the_filters_the_api_ignored_are_named() {
        let mut jobs = vec![job("pending", Some("cells")), job("completed", Some("cells")), job("waiting", None)];
        let active = JobsQuery { status: StatusFilter::Active, ..JobsQuery::default() };
        assert_eq!(active.keep_matching(&mut jobs.clone()), [Unapplied::Status]);
        let mut kept = jobs.clone();
        active.keep_matching(&mut kept);
        assert_eq!(kept.iter().map(|j| j.status.as_str()).collect::<Vec<_>>(), ["pending", "waiting"]);
        let cells = JobsQuery { project: Some("cells".to_owned()), ..active.clone() };
        assert_eq!(cells.keep_matching(&mut jobs), [Unapplied::Status, Unapplied::Project]);
        assert_eq!(jobs.len(), 1);
        assert_eq!(cells.keep_matching(&mut jobs), [], "a page the API filtered is kept whole");
        let unknown = JobsQuery::from_address("status=paused");
        assert_eq!(unknown.keep_matching(&mut vec![job("paused", None)]), []);
    }
}
