//! The contract's string enums, and [`Open`] for reading values a newer server may add.

use std::fmt;

use serde::{Deserialize, Deserializer, Serialize, Serializer};

/// A string enum of the contract: each variant has one wire name.
pub trait WireEnum: Sized + Copy + Eq + 'static {
    /// Every variant, in the contract's order.
    const ALL: &'static [Self];
    /// The variant's name on the wire.
    fn as_str(self) -> &'static str;
    /// The variant with this wire name (exact, case-sensitive), if any.
    fn from_wire(name: &str) -> Option<Self> {
        Self::ALL.iter().copied().find(|v| v.as_str() == name)
    }
}

macro_rules! wire_enum {
    ($(#[$meta:meta])* $name:ident { $($(#[$vmeta:meta])* $variant:ident = $wire:literal,)+ }) => {
        $(#[$meta])*
        #[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord)]
        pub enum $name {
            $($(#[$vmeta])* $variant,)+
        }

        impl WireEnum for $name {
            const ALL: &'static [Self] = &[$($name::$variant,)+];
            fn as_str(self) -> &'static str {
                match self {
                    $($name::$variant => $wire,)+
                }
            }
        }

        impl fmt::Display for $name {
            fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
                f.write_str(self.as_str())
            }
        }

        impl Serialize for $name {
            fn serialize<S: Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
                serializer.serialize_str(self.as_str())
            }
        }

        impl<'de> Deserialize<'de> for $name {
            fn deserialize<D: Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
                let name = <std::borrow::Cow<'de, str>>::deserialize(deserializer)?;
                Self::from_wire(&name).ok_or_else(|| {
                    serde::de::Error::custom(format_args!("unknown {} \"{}\"", stringify!($name), name))
                })
            }
        }
    };
}

wire_enum! {
    /// Possible types for a job.
    JobType {
        /// A job that does nothing of substance; for trying things out.
        Dummy = "dummy",
        /// Fit model parameters to measured data.
        Datafit = "datafit",
        /// Validate a model against data.
        Validation = "validation",
        /// Run a simulation.
        Simulate = "simulate",
        /// Evaluate model variables.
        EvaluateVariables = "evaluate_variables",
        /// Optimize a design or an experiment.
        Optimize = "optimize",
        /// Fit an equivalent-circuit model.
        EcmFit = "ecm_fit",
        /// A pipeline of simple steps.
        SimplePipeline = "simple_pipeline",
    }
}

impl JobType {
    /// A one-line description of what a job of this type does, for people choosing one.
    pub fn description(self) -> &'static str {
        match self {
            JobType::Dummy => "A test job that does no modelling work: for trying the API out",
            JobType::Datafit => "Fit model parameters to measured cycling or pulse data",
            JobType::Validation => "Compare a parameterised model against measured data",
            JobType::Simulate => "Run a battery model through an experiment and return the results",
            JobType::EvaluateVariables => "Evaluate chosen model variables without a full simulation",
            JobType::Optimize => "Search for a design or protocol that best meets an objective",
            JobType::EcmFit => "Fit an equivalent-circuit model (resistors and RC pairs) to data",
            JobType::SimplePipeline => "Run a short pipeline of steps, such as fit then validate",
        }
    }
}

wire_enum! {
    /// Possible statuses for a job.
    JobStatus {
        /// Queued, not started.
        Pending = "pending",
        /// Running.
        Processing = "processing",
        /// Its own work is done; it waits for the jobs that name it as their parent.
        Waiting = "waiting",
        /// Finished successfully.
        Completed = "completed",
        /// Finished unsuccessfully.
        Failed = "failed",
        /// Canceled before it finished.
        Canceled = "canceled",
    }
}

impl JobStatus {
    /// The statuses a job never leaves. `is_terminal` and `is_failed` derive from this one list.
    pub const TERMINAL: &'static [JobStatus] = &[JobStatus::Completed, JobStatus::Failed, JobStatus::Canceled];

    /// Whether a job in this status will not change any more.
    pub fn is_terminal(self) -> bool {
        Self::TERMINAL.contains(&self)
    }

    /// Whether a job in this status ended without success (terminal, and not completed).
    pub fn is_failed(self) -> bool {
        self.is_terminal() && self != JobStatus::Completed
    }
}

wire_enum! {
    /// Machine-readable error codes for jobs.
    JobErrorCode {
        /// The job's parameters or set-up are wrong.
        ConfigurationError = "CONFIGURATION_ERROR",
        /// The model could not be built or evaluated.
        ModelError = "MODEL_ERROR",
        /// The numerical solver failed.
        SolverError = "SOLVER_ERROR",
        /// The job ran longer than it is allowed to.
        ExecutionTimeout = "EXECUTION_TIMEOUT",
        /// The job could not be handed to the workers.
        SubmissionFailed = "SUBMISSION_FAILED",
        /// Something went wrong inside the service.
        InternalError = "INTERNAL_ERROR",
    }
}

wire_enum! {
    /// Possible access levels for a job.
    JobAccessLevelEnum {
        /// Visible to the job's project.
        Project = "project",
        /// Visible to the whole organization.
        Organization = "organization",
    }
}

/// A value of a string enum as read from a server: a known variant, or a name this version does
/// not know yet (kept as written, so that a newer server never breaks reading a response).
#[derive(Debug, Clone, PartialEq, Eq, Hash)]
pub enum Open<T> {
    /// A variant this version knows.
    Known(T),
    /// A name this version does not know.
    Unknown(String),
}

impl<T: WireEnum> Open<T> {
    /// The name as it appears on the wire.
    pub fn as_str(&self) -> &str {
        match self {
            Open::Known(v) => v.as_str(),
            Open::Unknown(name) => name,
        }
    }

    /// The known variant, if it is one.
    pub fn known(&self) -> Option<T> {
        match self {
            Open::Known(v) => Some(*v),
            Open::Unknown(_) => None,
        }
    }

    /// Reads a wire name, keeping names this version does not know.
    pub fn from_wire(name: &str) -> Self {
        T::from_wire(name).map_or_else(|| Open::Unknown(name.to_owned()), Open::Known)
    }
}

impl<T> From<T> for Open<T> {
    fn from(value: T) -> Self {
        Open::Known(value)
    }
}

impl<T: WireEnum> fmt::Display for Open<T> {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.as_str())
    }
}

impl<T: WireEnum> Serialize for Open<T> {
    fn serialize<S: Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        serializer.serialize_str(self.as_str())
    }
}

impl<'de, T: WireEnum> Deserialize<'de> for Open<T> {
    fn deserialize<D: Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
        let name = <std::borrow::Cow<'de, str>>::deserialize(deserializer)?;
        Ok(Open::from_wire(&name))
    }
}
