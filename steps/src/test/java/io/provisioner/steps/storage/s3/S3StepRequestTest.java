package io.provisioner.steps.storage.s3;

import static com.github.tomakehurst.wiremock.client.WireMock.aResponse;
import static com.github.tomakehurst.wiremock.client.WireMock.absent;
import static com.github.tomakehurst.wiremock.client.WireMock.any;
import static com.github.tomakehurst.wiremock.client.WireMock.anyRequestedFor;
import static com.github.tomakehurst.wiremock.client.WireMock.anyUrl;
import static com.github.tomakehurst.wiremock.client.WireMock.containing;
import static com.github.tomakehurst.wiremock.client.WireMock.delete;
import static com.github.tomakehurst.wiremock.client.WireMock.deleteRequestedFor;
import static com.github.tomakehurst.wiremock.client.WireMock.equalTo;
import static com.github.tomakehurst.wiremock.client.WireMock.get;
import static com.github.tomakehurst.wiremock.client.WireMock.getRequestedFor;
import static com.github.tomakehurst.wiremock.client.WireMock.head;
import static com.github.tomakehurst.wiremock.client.WireMock.post;
import static com.github.tomakehurst.wiremock.client.WireMock.postRequestedFor;
import static com.github.tomakehurst.wiremock.client.WireMock.put;
import static com.github.tomakehurst.wiremock.client.WireMock.putRequestedFor;
import static com.github.tomakehurst.wiremock.client.WireMock.urlEqualTo;
import static com.github.tomakehurst.wiremock.client.WireMock.urlPathEqualTo;
import static com.github.tomakehurst.wiremock.core.WireMockConfiguration.wireMockConfig;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.github.tomakehurst.wiremock.junit5.WireMockExtension;
import com.github.tomakehurst.wiremock.stubbing.Scenario;
import com.github.tomakehurst.wiremock.verification.LoggedRequest;
import io.provisioner.steps.StepException;
import io.provisioner.steps.security.kms.KmsOutputs;
import io.provisioner.steps.security.kms.KmsStep;
import io.provisioner.steps.testing.WireMockStepContext;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * {@link S3Step} against stubbed S3 endpoints, for answers the emulator does not give: a name taken
 * by another account, HeadBucket 403, BucketAlreadyOwnedByYou outside us-east-1, a partial
 * DeleteObjects failure, and emptying a bucket in batches.
 */
class S3StepRequestTest {
  private static final String XML = "<?xml version=\"1.0\" encoding=\"UTF-8\"?>";
  private static final String XMLNS = " xmlns=\"http://s3.amazonaws.com/doc/2006-03-01/\"";
  private static final String ACCOUNT = WireMockStepContext.ACCOUNT;
  private static final String KEY_ARN = "arn:aws:kms:us-east-1:111122223333:key/1234abcd-12ab-34cd-56ef-1234567890ab";

  @RegisterExtension
  static WireMockExtension wm = WireMockExtension.newInstance().options(wireMockConfig().dynamicPort()).build();

  private WireMockStepContext ctx;

  @AfterEach
  void stop() {
    if (ctx != null) {
      ctx.close();
    }
  }

  /** The step's context in {@code region}, with the {@code security.kms} output. */
  private static WireMockStepContext context(String region) {
    return WireMockStepContext.builder(wm.baseUrl(), S3Step.ID)
        .target("main", region)
        .published(KmsStep.OUTPUTS, new KmsOutputs("1234abcd-12ab-34cd-56ef-1234567890ab", KEY_ARN, "alias/wm", null, null))
        .waits(Duration.ofMillis(20), Duration.ofSeconds(1), Duration.ofMillis(1))
        .build();
  }

  /** The name the step gives a bucket in the context. */
  private String bucket(String suffix) {
    return "provisioner-wm-" + suffix + "-" + ACCOUNT + "-" + ctx.target().region();
  }

  private static S3Step step() {
    return new S3Step(new S3Spec(List.of(new S3Spec.Bucket("data", true, true, new S3Spec.Lifecycle(30, 365, 7),
        new S3Spec.IntelligentTiering(90, 180))), new S3Spec.AccessLogs(90, 7)));
  }

  @Test
  void create_whenTheNameIsTakenByAnotherAccount_failsSayingSo_andChangesNothing() {
    ctx = context("us-east-1");
    String logs = bucket(S3Spec.ACCESS_LOGS);
    wm.stubFor(head(urlPathEqualTo("/" + logs)).willReturn(aResponse().withStatus(404)));
    wm.stubFor(put(urlEqualTo("/" + logs)).willReturn(error(409, "BucketAlreadyExists",
        "The requested bucket name is not available.")));

    assertThatThrownBy(() -> step().create(ctx))
        .isInstanceOf(StepException.class)
        .hasMessageContaining("bucket name " + logs + " (the access-log bucket) is taken by another AWS account;"
            + " bucket names are global: change the project or environment name");
    assertThat(ctx.checkpointMap()).as("only the write-ahead intent").containsOnlyKeys("intent:access-logs");
    assertThat(wm.findAll(putRequestedFor(urlPathEqualTo("/" + logs)))).hasSize(1);
  }

  @Test
  void create_whenHeadBucketIsForbidden_neverAdoptsTheBucket() {
    ctx = context("us-east-1");
    String logs = bucket(S3Spec.ACCESS_LOGS);
    wm.stubFor(head(urlPathEqualTo("/" + logs)).willReturn(aResponse().withStatus(403)));

    assertThatThrownBy(() -> step().create(ctx))
        .isInstanceOf(StepException.class)
        .hasMessageContaining("bucket " + logs)
        .hasMessageContaining("is not this account's (" + ACCOUNT + ")");
    LoggedRequest head = wm.findAll(anyRequestedFor(urlPathEqualTo("/" + logs))).get(0);
    assertThat(head.getHeader("x-amz-expected-bucket-owner")).isEqualTo(ACCOUNT);
    assertThat(wm.findAll(putRequestedFor(anyUrl()))).isEmpty();
  }

  @Test
  void create_outsideUsEast1_sendsTheLocationConstraint_andAdoptsABucketAlreadyOwned() {
    ctx = context("eu-west-1");
    String logs = bucket(S3Spec.ACCESS_LOGS);
    wm.stubFor(head(urlPathEqualTo("/" + logs)).inScenario("made").whenScenarioStateIs(Scenario.STARTED)
        .willReturn(aResponse().withStatus(404)));
    wm.stubFor(put(urlEqualTo("/" + logs)).inScenario("made").willSetStateTo("owned").willReturn(error(409,
        "BucketAlreadyOwnedByYou", "Your previous request to create the named bucket succeeded and you already own it.")));
    wm.stubFor(head(urlPathEqualTo("/" + logs)).inScenario("made").whenScenarioStateIs("owned")
        .willReturn(aResponse().withStatus(200).withHeader("x-amz-bucket-region", "eu-west-1")));
    wm.stubFor(get(urlEqualTo("/" + logs + "?tagging")).willReturn(error(404, "NoSuchTagSet", "no tags")));
    wm.stubFor(put(urlEqualTo("/" + logs + "?tagging")).willReturn(error(500, "InternalError", "stop here")));

    assertThatThrownBy(() -> step().create(ctx))
        .isInstanceOf(StepException.class)
        .hasMessageContaining("change bucket " + logs);

    LoggedRequest create = wm.findAll(putRequestedFor(urlEqualTo("/" + logs))).get(0);
    assertThat(create.getBodyAsString()).contains("<LocationConstraint>eu-west-1</LocationConstraint>");
    assertThat(create.getHeader("x-amz-object-ownership")).isEqualTo("BucketOwnerEnforced");
    assertThat(ctx.checkpointMap()).as("adopted and recorded before its settings are read")
        .containsEntry("bucket.access-logs.name", logs)
        .containsEntry("bucket.access-logs.arn", "arn:aws:s3:::" + logs);
  }

  @Test
  void create_inUsEast1_sendsNoLocationConstraint() {
    ctx = context("us-east-1");
    String logs = bucket(S3Spec.ACCESS_LOGS);
    wm.stubFor(head(urlPathEqualTo("/" + logs)).willReturn(aResponse().withStatus(404)));
    wm.stubFor(put(urlEqualTo("/" + logs)).willReturn(aResponse().withStatus(200)));
    wm.stubFor(get(urlEqualTo("/" + logs + "?tagging")).willReturn(error(500, "InternalError", "stop here")));

    assertThatThrownBy(() -> step().create(ctx)).isInstanceOf(StepException.class);

    assertThat(wm.findAll(putRequestedFor(urlEqualTo("/" + logs))).get(0).getBodyAsString())
        .doesNotContain("LocationConstraint");
  }

  @Test
  void rollback_whenDeleteObjectsReportsErrors_failsNamingThem_andKeepsTheBucket() {
    ctx = context("us-east-1");
    ctx.deleteData(true);
    String data = bucket("data");
    stubExisting(data);
    stubMissing(bucket(S3Spec.ACCESS_LOGS));
    wm.stubFor(get(urlPathEqualTo("/" + data)).withQueryParam("versions", equalTo(""))
        .willReturn(aResponse().withStatus(200).withBody(versions(0, 2, false))));
    wm.stubFor(post(urlEqualTo("/" + data + "?delete")).willReturn(aResponse().withStatus(200).withBody(XML
        + "<DeleteResult" + XMLNS + "><Error><Key>k1</Key><VersionId>v1</VersionId><Code>AccessDenied</Code>"
        + "<Message>Access Denied</Message></Error></DeleteResult>")));

    assertThatThrownBy(() -> step().rollback(ctx))
        .isInstanceOf(StepException.class)
        .hasMessageContaining("deleting objects of bucket " + data + " failed for 1 of 2")
        .hasMessageContaining("k1 (version v1): AccessDenied Access Denied");
    wm.verify(0, deleteRequestedFor(urlPathEqualTo("/" + data)));
  }

  @Test
  void rollback_withDeleteData_deletesInBatchesOfAtMost1000_thenTheBucket() {
    ctx = context("us-east-1");
    ctx.deleteData(true);
    String data = bucket("data");
    stubExisting(data);
    stubMissing(bucket(S3Spec.ACCESS_LOGS));
    wm.stubFor(get(urlPathEqualTo("/" + data)).withQueryParam("versions", equalTo(""))
        .withQueryParam("key-marker", absent())
        .willReturn(aResponse().withStatus(200).withBody(versions(0, 1000, true))));
    wm.stubFor(get(urlPathEqualTo("/" + data)).withQueryParam("versions", equalTo(""))
        .withQueryParam("key-marker", equalTo("k999"))
        .willReturn(aResponse().withStatus(200).withBody(versions(1000, 500, false))));
    wm.stubFor(post(urlEqualTo("/" + data + "?delete"))
        .willReturn(aResponse().withStatus(200).withBody(XML + "<DeleteResult" + XMLNS + "/>")));
    wm.stubFor(delete(urlEqualTo("/" + data)).willReturn(aResponse().withStatus(204)));

    step().rollback(ctx);

    List<Integer> batchSizes = wm.findAll(postRequestedFor(urlEqualTo("/" + data + "?delete"))).stream()
        .map(r -> occurrences(r.getBodyAsString(), "<Object>")).toList();
    assertThat(batchSizes).containsExactly(1000, 500);
    assertThat(wm.findAll(postRequestedFor(urlEqualTo("/" + data + "?delete"))).get(0).getBodyAsString())
        .contains("<Quiet>true</Quiet>").contains("<Key>k0</Key><VersionId>v0</VersionId>");
    wm.verify(1, deleteRequestedFor(urlEqualTo("/" + data)));
    wm.verify(0, deleteRequestedFor(urlPathEqualTo("/" + bucket(S3Spec.ACCESS_LOGS))));
  }

  @Test
  void rollback_withoutDeleteData_countsAFullPageAsOneThousandOrMore() {
    ctx = context("us-east-1");
    String data = bucket("data");
    stubExisting(data);
    stubMissing(bucket(S3Spec.ACCESS_LOGS));
    wm.stubFor(get(urlPathEqualTo("/" + data)).withQueryParam("versions", equalTo(""))
        .willReturn(aResponse().withStatus(200).withBody(versions(0, 1000, true))));

    assertThatThrownBy(() -> step().rollback(ctx))
        .isInstanceOf(StepException.class)
        .hasMessageContaining("bucket " + data + ": holds 1000 or more object versions and delete markers");
    wm.verify(0, deleteRequestedFor(anyUrl()));
    wm.verify(0, postRequestedFor(anyUrl()));
    wm.verify(getRequestedFor(urlPathEqualTo("/" + data)).withQueryParam("max-keys", containing("1000")));
  }

  /** A bucket of the account in us-east-1, without tags. */
  private static void stubExisting(String bucket) {
    wm.stubFor(head(urlPathEqualTo("/" + bucket))
        .willReturn(aResponse().withStatus(200).withHeader("x-amz-bucket-region", "us-east-1")));
    wm.stubFor(get(urlEqualTo("/" + bucket + "?tagging")).willReturn(error(404, "NoSuchTagSet", "no tags")));
  }

  private static void stubMissing(String bucket) {
    wm.stubFor(any(urlPathEqualTo("/" + bucket)).willReturn(aResponse().withStatus(404)));
  }

  /** A ListObjectVersions page of {@code count} versions k{from}.. with version ids v{from}... */
  private static String versions(int from, int count, boolean truncated) {
    StringBuilder body = new StringBuilder(XML + "<ListVersionsResult" + XMLNS + "><IsTruncated>" + truncated
        + "</IsTruncated>");
    for (int i = from; i < from + count; i++) {
      body.append("<Version><Key>k").append(i).append("</Key><VersionId>v").append(i)
          .append("</VersionId><IsLatest>true</IsLatest><Size>1</Size></Version>");
    }
    if (truncated) {
      int last = from + count - 1;
      body.append("<NextKeyMarker>k").append(last).append("</NextKeyMarker><NextVersionIdMarker>v").append(last)
          .append("</NextVersionIdMarker>");
    }
    return body.append("</ListVersionsResult>").toString();
  }

  private static com.github.tomakehurst.wiremock.client.ResponseDefinitionBuilder error(
      int status, String code, String message) {
    return aResponse().withStatus(status).withBody(XML + "<Error><Code>" + code + "</Code><Message>" + message
        + "</Message></Error>");
  }

  private static int occurrences(String text, String fragment) {
    int count = 0;
    for (int i = text.indexOf(fragment); i >= 0; i = text.indexOf(fragment, i + fragment.length())) {
      count++;
    }
    return count;
  }
}
