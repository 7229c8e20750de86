using System.Net;
using SendWorkflows.Functions.CaseEvents;
using SendWorkflows.Functions.Triggers;

namespace SendWorkflows.Functions.Tests;

/// <summary>A case event posted over HTTP gets the status that matches what the queue would have done with it.</summary>
public sealed class HttpReplyMappingTests
{
    [Fact]
    public void Completed_is_202_Accepted() =>
        Assert.Equal(HttpStatusCode.Accepted, HttpJson.Reply(new MessageSettlement.Complete()).Status);

    [Fact]
    public void Invalid_is_400_with_the_reason()
    {
        var (status, body) = HttpJson.Reply(new MessageSettlement.DeadLetter(CaseEventMessageHandler.InvalidReason, "on: not a date"));

        Assert.Equal(HttpStatusCode.BadRequest, status);
        Assert.Equal(new HttpReply(CaseEventMessageHandler.InvalidReason, "on: not a date"), body);
    }

    [Fact]
    public void Rejected_by_the_workflows_is_422_with_their_reason()
    {
        var (status, body) = HttpJson.Reply(new MessageSettlement.DeadLetter(CaseEventMessageHandler.RejectedReason, "case 'P9' is unknown"));

        Assert.Equal(HttpStatusCode.UnprocessableEntity, status);
        Assert.Equal("case 'P9' is unknown", body.Description);
    }

    [Fact]
    public void Transient_failure_is_503_so_the_caller_retries() =>
        Assert.Equal(HttpStatusCode.ServiceUnavailable, HttpJson.Reply(new MessageSettlement.Abandon("timeout")).Status);
}
