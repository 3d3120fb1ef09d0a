/**
 * The DynamoDB {@link io.provisioner.state.StateStore}: {@link
 * io.provisioner.state.dynamodb.DynamoDbStateStore} is the public entry point; the item layout is
 * package-private ({@code ItemMapper}).
 */
package io.provisioner.state.dynamodb;
