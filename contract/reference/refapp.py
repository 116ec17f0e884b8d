"""A FastAPI application whose request model reproduces the contract's SubmitJobRequest exactly.

It is the reference the validator is compared with: it reproduces all 187 recorded answers in
../submit-job-vectors.jsonl, and record_vectors.py uses it to record more (../extra-vectors.jsonl).
Needs fastapi==0.165.0, pydantic==2.14.4 (the versions the contract was recorded with) and httpx.
"""
from enum import Enum
from typing import Any
from fastapi import FastAPI
from pydantic import BaseModel, Field, HttpUrl

class JobType(str, Enum):
    dummy = "dummy"; datafit = "datafit"; validation = "validation"; simulate = "simulate"
    evaluate_variables = "evaluate_variables"; optimize = "optimize"; ecm_fit = "ecm_fit"; simple_pipeline = "simple_pipeline"

class SubmitJobRequest(BaseModel):
    """Schema for submitting a new job"""
    job_type: JobType = Field(..., description="Type of job to run")
    params: dict[str, Any] = Field(..., description="Parameters for the job")
    priority: int = Field(0, ge=0, le=10, description="Job priority (0-10)")
    callback_url: HttpUrl | None = Field(None, description="Webhook URL for job completion notification")
    metadata: dict[str, Any] | None = None
    parent_job_id: str | None = Field(None, description="Parent job ID for hierarchical job relationships")

app = FastAPI()

@app.post("/jobs", status_code=202)
def submit(req: SubmitJobRequest, project_id: str | None = None):
    return {"job_type": req.job_type.value, "priority": req.priority,
            "callback_url": str(req.callback_url) if req.callback_url is not None else None,
            "parent_job_id": req.parent_job_id}
