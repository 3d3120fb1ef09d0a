package io.provisioner.steps.storage.s3;

import static com.github.tomakehurst.wiremock.client.WireMock.absent;
import static com.github.tomakehurst.wiremock.client.WireMock.aResponse;
import static com.github.tomakehurst.wiremock.client.WireMock.containing;
import static com.github.tomakehurst.wiremock.client.WireMock.delete;
import static com.github.tomakehurst.wiremock.client.WireMock.deleteRequestedFor;
import static com.github.tomakehurst.wiremock.client.WireMock.equalTo;
import static com.github.tomakehurst.wiremock.client.WireMock.get;
import static com.github.tomakehurst.wiremock.client.WireMock.getRequestedFor;
import static com.github.tomakehurst.wiremock.client.WireMock.put;
import static com.github.tomakehurst.wiremock.client.WireMock.putRequestedFor;
import static com.github.tomakehurst.wiremock.client.WireMock.urlEqualTo;
import static com.github.tomakehurst.wiremock.client.WireMock.urlPathEqualTo;
import static com.github.tomakehurst.wiremock.core.WireMockConfiguration.wireMockConfig;
import static org.assertj.core.api.Assertions.assertThat;

import com.github.tomakehurst.wiremock.junit5.WireMockExtension;
import com.github.tomakehurst.wiremock.verification.LoggedRequest;
import io.provisioner.steps.testing.WireMockStepContext;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import software.amazon.awssdk.services.s3.S3Client;

/**
 * EventBridge notifications and the Intelligent-Tiering configuration at request level, on S3's
 * real REST paths: moto 5.2.1 stores neither so that it can be read back (see {@code
 * S3TestSupport#itSpec}), so these are the tests that show the step reads and writes them right.
 */
class S3NotificationAndTieringRequestTest {
  private static final String BUCKET = "b";
  private static final String XMLNS = " xmlns=\"http://s3.amazonaws.com/doc/2006-03-01/\"";
  private static final String QUEUE = "<QueueConfiguration><Id>q1</Id><Queue>arn:aws:sqs:us-east-1:111122223333:jobs</Queue>"
      + "<Event>s3:ObjectCreated:*</Event></QueueConfiguration>";
  private static final String TOPIC = "<TopicConfiguration><Id>t1</Id><Topic>arn:aws:sns:us-east-1:111122223333:alerts</Topic>"
      + "<Event>s3:ObjectRemoved:*</Event></TopicConfiguration>";

  @RegisterExtension
  static WireMockExtension wm = WireMockExtension.newInstance().options(wireMockConfig().dynamicPort()).build();

  private WireMockStepContext ctx;
  private LiveBucket calls;

  @BeforeEach
  void start() {
    ctx = WireMockStepContext.builder(wm.baseUrl(), S3Step.ID)
        .waits(Duration.ofMillis(20), Duration.ofSeconds(1), Duration.ofMillis(1))
        .build();
    calls = new LiveBucket(BUCKET, ctx.client(S3Client.class));
    wm.stubFor(put(urlPathEqualTo("/" + BUCKET)).willReturn(aResponse().withStatus(200)));
    wm.stubFor(delete(urlPathEqualTo("/" + BUCKET)).willReturn(aResponse().withStatus(204)));
  }

  @AfterEach
  void stop() {
    ctx.close();
  }

  @Test
  void eventBridge_whenOnlyAQueueIsConfigured_isReportedOff_andTurningItOnKeepsTheQueue() {
    stubNotifications(QUEUE);
    EventBridgeNotifications setting = new EventBridgeNotifications(true);

    assertThat(setting.differences(calls)).containsExactly("EventBridge notifications are off, expected on");
    setting.apply(calls);

    String body = onlyPut("notification").getBodyAsString();
    assertThat(body).contains("<EventBridgeConfiguration></EventBridgeConfiguration>")
        .contains("<Queue>arn:aws:sqs:us-east-1:111122223333:jobs</Queue>").contains("<Id>q1</Id>");
  }

  @Test
  void eventBridge_whenTheServiceReturnsItsEmptyElement_isInSync() {
    stubNotifications("<EventBridgeConfiguration/>" + TOPIC);

    assertThat(new EventBridgeNotifications(true).differences(calls)).isEmpty();
  }

  @Test
  void eventBridge_turnedOffBySpec_putsTheOtherNotificationsBackWithoutIt() {
    stubNotifications(TOPIC + "<EventBridgeConfiguration></EventBridgeConfiguration>");
    EventBridgeNotifications setting = new EventBridgeNotifications(false);

    assertThat(setting.differences(calls)).containsExactly("EventBridge notifications are on, expected off");
    setting.apply(calls);

    String body = onlyPut("notification").getBodyAsString();
    assertThat(body).contains("<Topic>arn:aws:sns:us-east-1:111122223333:alerts</Topic>")
        .doesNotContain("EventBridgeConfiguration");
  }

  @Test
  void tiering_whenMissing_putsEntireBucketWithBothArchiveTiers() {
    stubTieringList(null, "<IsTruncated>false</IsTruncated>");
    IntelligentTieringConfig setting = new IntelligentTieringConfig(new S3Spec.IntelligentTiering(90, 180));

    assertThat(setting.differences(calls)).singleElement().asString()
        .startsWith("intelligent tiering configuration EntireBucket is missing");
    setting.apply(calls);

    LoggedRequest request = onlyPut("intelligent-tiering");
    assertThat(request.getUrl()).isEqualTo("/" + BUCKET + "?intelligent-tiering&id=EntireBucket");
    assertThat(request.getBodyAsString())
        .contains("<Id>EntireBucket</Id>").contains("<Status>Enabled</Status>")
        .contains("<Tiering><Days>90</Days><AccessTier>ARCHIVE_ACCESS</AccessTier></Tiering>")
        .contains("<Tiering><Days>180</Days><AccessTier>DEEP_ARCHIVE_ACCESS</AccessTier></Tiering>")
        .doesNotContain("<Filter>");
  }

  @Test
  void tiering_listedOnTheSecondPage_isFoundAndInSync() {
    stubTieringList(null, "<IsTruncated>true</IsTruncated><NextContinuationToken>page2</NextContinuationToken>"
        + configuration("ArchiveLogs", "Enabled", 365, 730));
    stubTieringList("page2", "<IsTruncated>false</IsTruncated>" + configuration("EntireBucket", "Enabled", 90, 180));

    assertThat(new IntelligentTieringConfig(new S3Spec.IntelligentTiering(90, 180)).differences(calls)).isEmpty();
    wm.verify(getRequestedFor(urlEqualTo("/" + BUCKET + "?intelligent-tiering&continuation-token=page2")));
  }

  @Test
  void tiering_withOtherDays_isReportedAndReplaced() {
    stubTieringList(null, "<IsTruncated>false</IsTruncated>" + configuration("EntireBucket", "Enabled", 120, 365));
    IntelligentTieringConfig setting = new IntelligentTieringConfig(new S3Spec.IntelligentTiering(90, 180));

    assertThat(setting.differences(calls)).singleElement().asString()
        .contains("moves objects to ARCHIVE_ACCESS after 120 days and to DEEP_ARCHIVE_ACCESS after 365 days");
    setting.apply(calls);

    assertThat(onlyPut("intelligent-tiering").getBodyAsString()).contains("<Days>90</Days>");
  }

  @Test
  void tiering_whenTheSpecHasNone_deletesOnlyEntireBucket() {
    stubTieringList(null, "<IsTruncated>false</IsTruncated>" + configuration("EntireBucket", "Enabled", 90, 180)
        + configuration("ArchiveLogs", "Enabled", 365, 730));
    IntelligentTieringConfig setting = new IntelligentTieringConfig(null);

    assertThat(setting.differences(calls)).containsExactly("intelligent tiering configuration EntireBucket is present, expected none");
    setting.apply(calls);

    wm.verify(1, deleteRequestedFor(urlEqualTo("/" + BUCKET + "?intelligent-tiering&id=EntireBucket")));
    wm.verify(0, putRequestedFor(urlPathEqualTo("/" + BUCKET)));
  }

  private static void stubNotifications(String content) {
    wm.stubFor(get(urlEqualTo("/" + BUCKET + "?notification")).willReturn(aResponse().withStatus(200)
        .withBody("<?xml version=\"1.0\" encoding=\"UTF-8\"?><NotificationConfiguration" + XMLNS + ">" + content
            + "</NotificationConfiguration>")));
  }

  private static void stubTieringList(String continuationToken, String content) {
    wm.stubFor(get(urlPathEqualTo("/" + BUCKET))
        .withQueryParam("intelligent-tiering", equalTo(""))
        .withQueryParam("continuation-token", continuationToken == null ? absent() : equalTo(continuationToken))
        .willReturn(aResponse().withStatus(200).withBody("<?xml version=\"1.0\" encoding=\"UTF-8\"?>"
            + "<ListBucketIntelligentTieringConfigurationsOutput" + XMLNS + ">" + content
            + "</ListBucketIntelligentTieringConfigurationsOutput>")));
  }

  private static String configuration(String id, String status, int archiveDays, int deepArchiveDays) {
    return "<IntelligentTieringConfiguration><Id>" + id + "</Id><Status>" + status + "</Status>"
        + "<Tiering><Days>" + archiveDays + "</Days><AccessTier>ARCHIVE_ACCESS</AccessTier></Tiering>"
        + "<Tiering><Days>" + deepArchiveDays + "</Days><AccessTier>DEEP_ARCHIVE_ACCESS</AccessTier></Tiering>"
        + "</IntelligentTieringConfiguration>";
  }

  private static LoggedRequest onlyPut(String subresource) {
    List<LoggedRequest> puts = wm.findAll(putRequestedFor(urlPathEqualTo("/" + BUCKET))
        .withQueryParam(subresource, containing("")));
    assertThat(puts).hasSize(1);
    return puts.get(0);
  }
}
