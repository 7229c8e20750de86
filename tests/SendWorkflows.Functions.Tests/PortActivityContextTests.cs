using FakeItEasy;
using SendWorkflows.Functions.Adapters;
using Durable = Microsoft.DurableTask;

namespace SendWorkflows.Functions.Tests;

public sealed class PortActivityContextTests
{
    [Fact]
    public void Name_and_instance_id_come_from_the_real_activity_context()
    {
        var real = A.Fake<Durable.TaskActivityContext>();
        A.CallTo(() => real.Name).Returns(new Durable.TaskName("SendNotification"));
        A.CallTo(() => real.InstanceId).Returns("assessment-C1");

        var context = new PortActivityContext(real);

        Assert.Equal("SendNotification", context.Name.Name);
        Assert.Equal("assessment-C1", context.InstanceId);
    }

    [Fact]
    public void A_function_activity_context_carries_the_function_name_and_bound_instance_id()
    {
        var context = new FunctionActivityContext("SendNotification", "review-P1");

        Assert.Equal("SendNotification", context.Name.Name);
        Assert.Equal("review-P1", context.InstanceId);
    }
}
